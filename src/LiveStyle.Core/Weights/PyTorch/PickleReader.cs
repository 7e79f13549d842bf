using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace LiveStyle.Core.Weights.PyTorch;

/// <summary>
/// A minimal unpickler for PyTorch checkpoints (pickle protocols 2–4): only the opcodes that
/// torch.save writes for state dicts. It never imports or runs anything: globals stay names
/// (<see cref="PyGlobal"/>), and REDUCE asks <see cref="Reduce"/> to build known objects.
/// Values: null, bool, long / BigInteger, double, string, byte[], object?[] (tuple),
/// List&lt;object?&gt;, <see cref="PyDict"/>, <see cref="PyObject"/>, and whatever
/// <see cref="PersistentLoad"/> and <see cref="Reduce"/> return.
/// </summary>
public sealed class PickleReader(byte[] data, int position = 0)
{
    private static readonly object Mark = new();
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];

    /// <summary>Where the next pickle starts (after STOP).</summary>
    public int Position { get; private set; } = position;

    /// <summary>BINPERSID: the persistent id (a tuple) → the object it stands for.</summary>
    public Func<object?, object?> PersistentLoad { get; init; } = id => throw new InvalidDataException("unexpected persistent id in this pickle");

    /// <summary>REDUCE: callable and arguments → the object; return null to keep a <see cref="PyObject"/>.</summary>
    public Func<PyGlobal, object?[], object?>? Reduce { get; init; }

    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            var opcode = ReadByte();
            switch (opcode)
            {
                case 0x80: ReadByte(); break;                          // PROTO
                case 0x95: Skip(8); break;                             // FRAME
                case (byte)'.': return Pop();                          // STOP
                case (byte)'(': _marks.Add(_stack.Count); _stack.Add(Mark); break; // MARK
                case (byte)'0': Pop(); break;                          // POP
                case (byte)'1': PopToMark(); break;                    // POP_MARK
                case (byte)'N': Push(null); break;                     // NONE
                case 0x88: Push(true); break;                          // NEWTRUE
                case 0x89: Push(false); break;                         // NEWFALSE
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break; // BININT
                case (byte)'K': Push((long)ReadByte()); break;         // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break; // BININT2
                case 0x8a: Push(ReadLong(ReadByte())); break;          // LONG1
                case 0x8b: Push(ReadLong(ReadLength4())); break;       // LONG4
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break; // BINFLOAT
                case (byte)'X': Push(Encoding.UTF8.GetString(Read(ReadLength4()))); break;  // BINUNICODE
                case 0x8c: Push(Encoding.UTF8.GetString(Read(ReadByte()))); break;         // SHORT_BINUNICODE
                case 0x8d: Push(Encoding.UTF8.GetString(Read(ReadLength8()))); break;      // BINUNICODE8
                case (byte)'T': Push(Encoding.Latin1.GetString(Read(ReadLength4()))); break; // BINSTRING (Python 2 str)
                case (byte)'U': Push(Encoding.Latin1.GetString(Read(ReadByte()))); break;    // SHORT_BINSTRING
                case (byte)'B': Push(Read(ReadLength4()).ToArray()); break;                  // BINBYTES
                case (byte)'C': Push(Read(ReadByte()).ToArray()); break;                     // SHORT_BINBYTES
                case (byte)')': Push(Array.Empty<object?>()); break;   // EMPTY_TUPLE
                case (byte)'t': Push(PopToMark().ToArray()); break;    // TUPLE
                case 0x85: Push(PopMany(1)); break;                    // TUPLE1
                case 0x86: Push(PopMany(2)); break;                    // TUPLE2
                case 0x87: Push(PopMany(3)); break;                    // TUPLE3
                case (byte)']': Push(new List<object?>()); break;      // EMPTY_LIST
                case (byte)'l': Push(PopToMark()); break;              // LIST
                case (byte)'a': { var item = Pop(); As<List<object?>>(Peek(), "APPEND").Add(item); break; }
                case (byte)'e': { var items = PopToMark(); As<List<object?>>(Peek(), "APPENDS").AddRange(items); break; }
                case (byte)'}': Push(new PyDict()); break;             // EMPTY_DICT
                case (byte)'d': { var dict = new PyDict(); SetItems(dict, PopToMark()); Push(dict); break; } // DICT
                case (byte)'s': { var value = Pop(); var key = Pop(); SetItems(As<PyDict>(Peek(), "SETITEM"), [key, value]); break; }
                case (byte)'u': { var items = PopToMark(); SetItems(As<PyDict>(Peek(), "SETITEMS"), items); break; }
                case (byte)'c': Push(new PyGlobal(ReadLine(), ReadLine())); break;            // GLOBAL
                case 0x93: { var name = Pop(); var module = Pop(); Push(new PyGlobal(As<string>(module, "STACK_GLOBAL"), As<string>(name, "STACK_GLOBAL"))); break; }
                case (byte)'R': { var args = As<object?[]>(Pop(), "REDUCE"); Push(Build(As<PyGlobal>(Pop(), "REDUCE"), args)); break; }
                case 0x81: { var args = As<object?[]>(Pop(), "NEWOBJ"); Push(new PyObject(As<PyGlobal>(Pop(), "NEWOBJ"), args)); break; }
                case (byte)'b': { var state = Pop(); if (Peek() is PyObject o) o.State = state; break; } // BUILD (a dict's attributes are ignored)
                case (byte)'Q': Push(PersistentLoad(Pop())); break;    // BINPERSID
                case (byte)'q': _memo[ReadByte()] = Peek(); break;     // BINPUT
                case (byte)'r': _memo[ReadLength4()] = Peek(); break;  // LONG_BINPUT
                case (byte)'p': _memo[ReadDecimalLine("PUT")] = Peek(); break; // PUT
                case 0x94: _memo[_memo.Count] = Peek(); break;         // MEMOIZE
                case (byte)'h': Push(Memo(ReadByte())); break;         // BINGET
                case (byte)'j': Push(Memo(ReadLength4())); break;      // LONG_BINGET
                case (byte)'g': Push(Memo(ReadDecimalLine("GET"))); break; // GET
                default:
                    throw new InvalidDataException($"unsupported pickle opcode 0x{opcode:x2} at byte {Position - 1}");
            }
        }
    }

    private object? Build(PyGlobal callable, object?[] args)
    {
        if (callable is { Module: "collections", Name: "OrderedDict" } && args.Length == 0) return new PyDict();
        return Reduce?.Invoke(callable, args) ?? new PyObject(callable, args);
    }

    private static void SetItems(PyDict dict, List<object?> items)
    {
        if (items.Count % 2 != 0) throw new InvalidDataException("a dict has a key without a value");
        for (var i = 0; i < items.Count; i += 2)
            dict.Set(items[i] ?? throw new InvalidDataException("a dict key is None"), items[i + 1]);
    }

    private object? Memo(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"pickle refers to memo entry {index}, which was never stored");

    private static T As<T>(object? value, string opcode) =>
        value is T t ? t : throw new InvalidDataException($"pickle opcode {opcode} found {value?.GetType().Name ?? "None"} where it needs {typeof(T).Name}");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > 0 && _stack[^1] != Mark ? _stack[^1] : throw new InvalidDataException("pickle stack underflow");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object?[] PopMany(int count)
    {
        if (_stack.Count < count) throw new InvalidDataException("pickle stack underflow");
        var items = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0) throw new InvalidDataException("pickle has no MARK to pop to");
        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private static object ReadLongValue(ReadOnlySpan<byte> bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    private object ReadLong(int length) => ReadLongValue(Read(length));

    private byte ReadByte() => Read(1)[0];

    private int ReadLength4()
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(Read(4));
        return length >= 0 ? length : throw new InvalidDataException($"negative length {length} in pickle");
    }

    private int ReadLength8()
    {
        var length = BinaryPrimitives.ReadInt64LittleEndian(Read(8));
        return length is >= 0 and <= int.MaxValue ? (int)length : throw new InvalidDataException($"bad length {length} in pickle");
    }

    private string ReadLine()
    {
        var end = Array.IndexOf(data, (byte)'\n', Position);
        if (end < 0) throw new InvalidDataException("pickle ends inside a text line");
        var line = Encoding.ASCII.GetString(data, Position, end - Position);
        Position = end + 1;
        return line;
    }

    private long ReadDecimalLine(string opcode)
    {
        var line = ReadLine();
        return long.TryParse(line, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"pickle opcode {opcode} has '{(line.Length > 40 ? line[..40] + "…" : line)}' where it needs a memo index");
    }

    private void Skip(int count) => Read(count);

    private ReadOnlySpan<byte> Read(int count)
    {
        if (count > data.Length - Position) throw new InvalidDataException("the file ends in the middle of a pickle (truncated?)");
        var span = data.AsSpan(Position, count);
        Position += count;
        return span;
    }
}
