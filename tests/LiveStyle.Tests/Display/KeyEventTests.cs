using LiveStyle.App.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Display;

public class KeyEventTests
{
    [TestCase(GlfwKey.D1, 1)]
    [TestCase(GlfwKey.D9, 9)]
    [TestCase(GlfwKey.Keypad1, 1)]
    [TestCase(GlfwKey.Keypad9, 9)]
    [TestCase(GlfwKey.S, 0)]
    public void Digit(GlfwKey key, int digit) =>
        Assert.That(new KeyEvent(key, GlfwModifiers.None, false).Digit, Is.EqualTo(digit));

    [Test]
    public void PlusAndMinus()
    {
        Assert.That(new KeyEvent(GlfwKey.Equal, GlfwModifiers.Shift, false).IsPlus, Is.True);
        Assert.That(new KeyEvent(GlfwKey.KeypadAdd, GlfwModifiers.None, false).IsPlus, Is.True);
        Assert.That(new KeyEvent(GlfwKey.Minus, GlfwModifiers.None, false).IsMinus, Is.True);
        Assert.That(new KeyEvent(GlfwKey.KeypadSubtract, GlfwModifiers.None, false).IsMinus, Is.True);
        Assert.That(new KeyEvent(GlfwKey.M, GlfwModifiers.None, false).IsPlus, Is.False);
    }
}
