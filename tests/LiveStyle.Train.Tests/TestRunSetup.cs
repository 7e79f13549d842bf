using NUnit.Framework;

namespace LiveStyle.Train.Tests;

[SetUpFixture]
public sealed class TestRunSetup
{
    /// <summary>Before anything loads libtorch: its OpenMP threads must not spin on a busy machine (see OpenMpWaitPolicy).</summary>
    [OneTimeSetUp]
    public void PassiveOpenMp() => OpenMpWaitPolicy.PreferPassive();
}
