using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>Compiles and links GLSL programs from the <c>shaders/</c> folder next to the executable.</summary>
public static class ShaderProgram
{
    /// <summary>Where the shaders are copied at build time.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "shaders");

    /// <summary>
    /// Builds a program from two files in <paramref name="directory"/>.
    /// Throws <see cref="ShaderException"/> with the file name and GL info log when compiling or linking fails.
    /// </summary>
    public static uint Load(GL gl, string directory, string vertexFile, string fragmentFile)
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
        return program;
    }

    /// <summary>Location of a uniform that the program must have (catches renamed uniforms early).</summary>
    public static int Uniform(GL gl, uint program, string name)
    {
        int location = gl.GetUniformLocation(program, name);
        return location >= 0 ? location : throw new ShaderException($"shader program has no active uniform '{name}'");
    }

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
