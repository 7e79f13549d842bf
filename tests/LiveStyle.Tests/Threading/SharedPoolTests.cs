using LiveStyle.Core.Threading;
using NUnit.Framework;

namespace LiveStyle.Tests.Threading;

public class SharedPoolTests
{
    private sealed class Item : IDisposable
    {
        public bool Disposed { get; private set; }
        public void Dispose() => Disposed = true;
    }

    [Test]
    public void AnItemReturnsToThePoolOnlyWhenItsLastHolderReleasesIt()
    {
        using var pool = new SharedPool<Item>(() => new Item(), 1, 2);
        var item = pool.Rent();
        pool.Share(item);   // e.g. a recorder's queue
        pool.Release(item); // the display is done with it
        var other = pool.Rent();
        Assert.That(other, Is.Not.SameAs(item), "still held by the recorder: a new item is made");
        pool.Release(item); // the recorder has written it
        pool.Release(other);
        Assert.That(pool.Rent(), Is.SameAs(other).Or.SameAs(item), "released items are reused");
        Assert.That(pool.Count, Is.EqualTo(2));
    }

    [Test]
    public void RentingBeyondTheLimitSaysItemsAreNotGivenBack()
    {
        using var pool = new SharedPool<Item>(() => new Item(), 2, 3);
        pool.Rent();
        pool.Rent();
        pool.Rent();
        Assert.That(() => pool.Rent(), Throws.InvalidOperationException.With.Message.Contains("give items back"));
    }

    [Test]
    public void ReleasingTwiceOrSharingAFreeItemIsRefused()
    {
        using var pool = new SharedPool<Item>(() => new Item(), 1, 1);
        var item = pool.Rent();
        pool.Release(item);
        Assert.That(() => pool.Release(item), Throws.InvalidOperationException);
        Assert.That(() => pool.Share(item), Throws.InvalidOperationException);
    }

    [Test]
    public void DisposingFreesIdleItemsNowAndHeldItemsWhenTheirHolderIsDone()
    {
        var pool = new SharedPool<Item>(() => new Item(), 2, 2);
        var held = pool.Rent();
        var idle = pool.Rent();
        pool.Release(idle);
        pool.Dispose();
        Assert.That(idle.Disposed, Is.True);
        Assert.That(held.Disposed, Is.False, "a thread still using it keeps it");
        pool.Release(held);
        Assert.That(held.Disposed, Is.True);
    }

    [Test]
    public void LatestMailboxSharesAFrameWithoutCopies_AndCountsDrops()
    {
        using var mailbox = new LatestMailbox<Item>(() => new Item(), 3, 4);
        var first = mailbox.Rent();
        mailbox.Publish(first);
        var second = mailbox.Rent();
        mailbox.Publish(second);   // first was never taken
        Assert.That(mailbox.Dropped, Is.EqualTo(1));
        var taken = mailbox.TryTake();
        Assert.That(taken, Is.SameAs(second));
        mailbox.Share(taken!);
        mailbox.Return(taken!);
        // Still shared: the producer can rent three others (the pool grows by one) but not this one.
        var rented = new[] { mailbox.Rent(), mailbox.Rent(), mailbox.Rent() };
        Assert.That(rented, Has.None.SameAs(second));
        Assert.That(mailbox.PoolSize, Is.EqualTo(4));
    }
}
