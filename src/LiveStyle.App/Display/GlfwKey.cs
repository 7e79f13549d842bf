namespace LiveStyle.App.Display;

/// <summary>GLFW key codes (glfw3.h values) for the keys LiveStyle reacts to; other keys arrive as plain numbers.</summary>
public enum GlfwKey
{
    Unknown = -1,
    Space = 32,
    Minus = 45,
    D1 = 49, D2 = 50, D3 = 51, D4 = 52, D5 = 53, D6 = 54, D7 = 55, D8 = 56, D9 = 57,
    Equal = 61,
    B = 66,
    C = 67,
    F = 70,
    G = 71,
    H = 72,
    K = 75,
    M = 77,
    N = 78,
    P = 80,
    Q = 81,
    R = 82,
    S = 83,
    T = 84,
    V = 86,
    X = 88,
    LeftBracket = 91,
    RightBracket = 93,
    Escape = 256,
    Right = 262,
    Left = 263,
    Down = 264,
    Up = 265,
    Keypad1 = 321, Keypad2 = 322, Keypad3 = 323, Keypad4 = 324, Keypad5 = 325,
    Keypad6 = 326, Keypad7 = 327, Keypad8 = 328, Keypad9 = 329,
    KeypadSubtract = 333,
    KeypadAdd = 334,
}

/// <summary>GLFW modifier bits passed with key events.</summary>
[Flags]
public enum GlfwModifiers
{
    None = 0,
    Shift = 0x1,
    Control = 0x2,
    Alt = 0x4,
    Super = 0x8,
}

/// <summary>A key press (or auto-repeat) delivered by <see cref="GlWindow.KeyPressed"/>.</summary>
public readonly record struct KeyEvent(GlfwKey Key, GlfwModifiers Modifiers, bool IsRepeat)
{
    /// <summary>The digit 1..9 of a top-row or keypad digit key, or 0 for any other key.</summary>
    public int Digit => Key switch
    {
        >= GlfwKey.D1 and <= GlfwKey.D9 => Key - GlfwKey.D1 + 1,
        >= GlfwKey.Keypad1 and <= GlfwKey.Keypad9 => Key - GlfwKey.Keypad1 + 1,
        _ => 0,
    };

    /// <summary>'+' on the keypad, or the '=' key ('+' is Shift+'=' on US layouts).</summary>
    public bool IsPlus => Key is GlfwKey.KeypadAdd or GlfwKey.Equal;

    public bool IsMinus => Key is GlfwKey.KeypadSubtract or GlfwKey.Minus;
}
