using LiveStyle.Core.Inference;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>The hand-over of a model from the thread that builds it to the loop that uses it.</summary>
public class HotSwapTests
{
    /// <summary>Something disposable that remembers in which order models were freed (the swap's own contract, no device).</summary>
    private sealed class Model(string name, List<string> disposed) : IDisposable
    {
        public string Name => name;
        public void Dispose() => disposed.Add(name);
    }

    [Test]
    public void TheLoopAdoptsTheNewestOfferAndRetiresTheOldOneOnlyThen()
    {
        var disposed = new List<string>();
        using var swap = new HotSwap<Model>();
        Assert.That(swap.Adopt(out _, out var switched), Is.Null, "nothing until a model is offered");
        Assert.That(switched, Is.False);

        swap.Offer(new Model("fp32", disposed), "CPU fp32");
        var first = swap.Adopt(out var retired, out switched);
        Assert.That((first!.Name, retired, switched, swap.Description), Is.EqualTo(("fp32", (Model?)null, true, "CPU fp32")));
        Assert.That(swap.Adopt(out _, out switched), Is.SameAs(first));
        Assert.That(switched, Is.False, "no switch without a new offer");

        swap.Offer(new Model("int8", disposed), "CPU int8");
        Assert.That(disposed, Is.Empty, "the model in use is not freed while the loop may be inside a frame");
        var second = swap.Adopt(out retired, out switched);
        Assert.That((second!.Name, retired!.Name, switched, swap.Description), Is.EqualTo(("int8", "fp32", true, "CPU int8")));
        Assert.That(disposed, Is.Empty, "the loop disposes the retired model itself, after its buffers");
        retired.Dispose();
    }

    [Test]
    public void AnOfferReplacedBeforeAdoptionIsFreedAtOnce_DisposeFreesWhatIsLeft()
    {
        var disposed = new List<string>();
        var swap = new HotSwap<Model>();
        swap.Offer(new Model("a", disposed), "a");
        swap.Offer(new Model("b", disposed), "b");
        Assert.That(disposed, Is.EqualTo(new[] { "a" }));
        swap.Adopt(out _, out _);
        swap.Offer(new Model("c", disposed), "c");
        swap.Dispose();
        Assert.That(disposed, Is.EquivalentTo(new[] { "a", "b", "c" }));
        swap.Offer(new Model("late", disposed), "late");
        Assert.That(disposed, Does.Contain("late"), "an offer after disposal is freed, not leaked");
    }

    [Test]
    public void AModelTheCallerOwnsIsNeverDisposedByTheSwap()
    {
        var disposed = new List<string>();
        var swap = new HotSwap<Model>(new Model("callers", disposed), "callers", ownsInitial: false);
        swap.Offer(new Model("new", disposed), "new");
        swap.Adopt(out var retired, out var switched);
        Assert.That((retired, switched), Is.EqualTo(((Model?)null, true)));
        swap.Dispose();
        Assert.That(disposed, Is.EqualTo(new[] { "new" }));
    }
}
