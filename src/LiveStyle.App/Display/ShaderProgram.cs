using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>A linked GLSL program built from files in the <c>shaders/</c> folder next to the executable.</summary>
public sealed class ShaderProgram : IDisposable
{
    private readonly GL _gl;

    private ShaderProgram(GL gl, uint handle, string name)
    {
        _gl = gl;
        Handle = handle;
        Name = name;
    }

    public uint Handle { get; }

    /// <summary>The source files, e.g. "present.vert + present.frag", for error messages.</summary>
    public string Name { get; }

    /// <summary>Where the shaders are copied at build time.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "shaders");

    /// <summary>
    /// Builds a program from two files in <paramref name="directory"/>.
    /// Throws <see cref="ShaderException"/> with the file name and GL info log when compiling or linking fails.
    /// </summary>
    public static ShaderProgram Load(GL gl, string directory, string vertexFile, string fragmentFile)
    {
        uint vertex = Compile(gl, ShaderType.VertexShader, Path.Combine(directory, vertexFile));
        uint fragment;
        try
        {
            fragment = Compile(gl, ShaderType.FragmentShader, Path.Combine(directory, fragmentFile));
        }
        catch
        {
            gl.DeleteShader(vertex);
            throw;
        }

        uint program = gl.CreateProgram();
        gl.AttachShader(program, vertex);
        gl.AttachShader(program, fragment);
        gl.LinkProgram(program);
        gl.DetachShader(program, vertex);
        gl.DetachShader(program, fragment);
        gl.DeleteShader(vertex);
        gl.DeleteShader(fragment);

        gl.GetProgram(program, ProgramPropertyARB.LinkStatus, out int linked);
        if (linked == 0)
        {
            string log = gl.GetProgramInfoLog(program);
            gl.DeleteProgram(program);
            throw new ShaderException($"linking {vertexFile} + {fragmentFile} failed:\n{log.TrimEnd()}");
        }
        return new ShaderProgram(gl, program, $"{vertexFile} + {fragmentFile}");
    }

    /// <summary>Location of a uniform that the program must have (catches renamed uniforms early).</summary>
    public int Uniform(string name)
    {
        int location = _gl.GetUniformLocation(Handle, name);
        return location >= 0 ? location : throw new ShaderException($"shader program {Name} has no active uniform '{name}'");
    }

    public void Use() => _gl.UseProgram(Handle);

    public void Dispose() => _gl.DeleteProgram(Handle);

    private static uint Compile(GL gl, ShaderType type, string path)
    {
        if (!File.Exists(path))
            throw new ShaderException($"shader file not found: {path}");

        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, File.ReadAllText(path));
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            string log = gl.GetShaderInfoLog(shader);
            gl.DeleteShader(shader);
            throw new ShaderException($"compiling {Path.GetFileName(path)} failed:\n{log.TrimEnd()}");
        }
        return shader;
    }
}

public sealed class ShaderException(string message) : Exception(message);
