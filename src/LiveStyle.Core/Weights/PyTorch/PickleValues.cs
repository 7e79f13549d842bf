namespace LiveStyle.Core.Weights.PyTorch;

/// <summary>A reference to a Python global (module.name), as pickled by GLOBAL / STACK_GLOBAL.</summary>
public sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>An object the unpickler does not know how to build: its constructor and arguments, kept as data.</summary>
public sealed class PyObject(PyGlobal type, object?[] args)
{
    public PyGlobal Type => type;
    public object?[] Args => args;
    public object? State { get; set; }
    public override string ToString() => $"{type}(…)";
}

/// <summary>A Python dict or OrderedDict: insertion-ordered pairs.</summary>
public sealed class PyDict
{
    private readonly List<KeyValuePair<object, object?>> _items = [];

    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items;

    public void Set(object key, object? value)
    {
        var index = _items.FindIndex(kv => kv.Key.Equals(key));
        if (index >= 0) _items[index] = new(key, value);
        else _items.Add(new(key, value));
    }

    public object? Get(string key) => _items.FirstOrDefault(kv => kv.Key is string s && s == key).Value;
}
