using System.Diagnostics;
using LiveStyle.Core.Threading;
using NUnit.Framework;

namespace LiveStyle.Tests.Threading;

public class HandoffQueueTests
{
    private sealed class Item(int value)
    {
        public int Value { get; } = value;
    }

    [Test]
    public void ALatestSlotKeepsTheNewestAndHandsBackTheOneItReplaced()
    {
        var slot = new HandoffQueue<Item>(1, WhenFull.ReplaceOldest);
        var first = new Item(1);
        var second = new Item(2);
        Assert.That(slot.Put(first), Is.Null);
        Assert.That(slot.Put(second), Is.SameAs(first), "the replaced item goes back to the caller");
        Assert.That(slot.TryTake(), Is.SameAs(second));
        Assert.That(slot.TryTake(), Is.Null);
    }

    [Test]
    public void ABoundedQueueRefusesWhenFullAndKeepsTheOrder()
    {
        var queue = new HandoffQueue<Item>(3, WhenFull.RefuseNewest);
        var items = Enumerable.Range(0, 5).Select(i => new Item(i)).ToArray();
        Assert.That(items.Select(queue.Put).ToArray(), Is.EqualTo(new Item?[] { null, null, null, items[3], items[4] }));
        Assert.That(Enumerable.Range(0, 3).Select(_ => queue.TryTake()!.Value), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void TakeWaitsForAnItemFromAnotherThread()
    {
        var queue = new HandoffQueue<Item>(1, WhenFull.ReplaceOldest);
        var producer = new Thread(() => { Thread.Sleep(100); queue.Put(new Item(7)); });
        producer.Start();
        var taken = queue.Take(TimeSpan.FromSeconds(30));
        producer.Join();
        Assert.That(taken?.Value, Is.EqualTo(7));
    }

    [Test]
    public void TakeReturnsNullAfterItsTimeout()
    {
        var queue = new HandoffQueue<Item>(1, WhenFull.ReplaceOldest);
        var clock = Stopwatch.StartNew();
        Assert.That(queue.Take(TimeSpan.FromMilliseconds(50)), Is.Null);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45)));
    }

    [Test]
    public void TakeAtWaitsForItsDeadlineEvenWhenAnItemIsThere_ThenGivesTheNewest()
    {
        var queue = new HandoffQueue<Item>(1, WhenFull.ReplaceOldest);
        queue.Put(new Item(1));
        var clock = Stopwatch.StartNew();
        var producer = new Thread(() => { Thread.Sleep(30); queue.Put(new Item(2)); });
        producer.Start();
        var taken = queue.TakeAt(DateTime.UtcNow + TimeSpan.FromMilliseconds(150));
        producer.Join();
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(140)), "a paced sender keeps its own clock");
        Assert.That(taken?.Value, Is.EqualTo(2));
    }

    [Test]
    public void ClosingWakesAnInfiniteWaiter_RefusesNewItems_AndLetsTheQueueDrain()
    {
        var queue = new HandoffQueue<Item>(4, WhenFull.RefuseNewest);
        var queued = new Item(1);
        queue.Put(queued);
        Assert.That(queue.TryTake(), Is.SameAs(queued));

        Item? waited = new(0);
        var waiter = new Thread(() => waited = queue.Take(Timeout.InfiniteTimeSpan));
        waiter.Start();
        Thread.Sleep(50);
        queue.Close();
        Assert.That(waiter.Join(TimeSpan.FromSeconds(30)), Is.True, "closing wakes a consumer that waits without a timeout");
        Assert.That(waited, Is.Null);

        var late = new Item(2);
        Assert.That(queue.Put(late), Is.SameAs(late), "a closed queue hands the item back");
        Assert.That(queue.IsClosed, Is.True);
    }

    [Test]
    public void QueuedItemsAreStillTakenAfterClosing()
    {
        var queue = new HandoffQueue<Item>(4, WhenFull.RefuseNewest);
        queue.Put(new Item(1));
        queue.Put(new Item(2));
        queue.Close();
        Assert.That(queue.Take(Timeout.InfiniteTimeSpan)?.Value, Is.EqualTo(1));
        Assert.That(queue.Take(Timeout.InfiniteTimeSpan)?.Value, Is.EqualTo(2));
        Assert.That(queue.Take(Timeout.InfiniteTimeSpan), Is.Null, "drained and closed: the consumer ends");
    }

    [Test]
    public void EveryItemIsEitherTakenOrHandedBackUnderContention()
    {
        var queue = new HandoffQueue<Item>(2, WhenFull.ReplaceOldest);
        const int count = 20000;
        var handedBack = 0;
        var taken = new List<int>();
        var consumer = new Thread(() =>
        {
            while (queue.Take(Timeout.InfiniteTimeSpan) is { } item) taken.Add(item.Value);
        });
        consumer.Start();
        for (var i = 0; i < count; i++)
            if (queue.Put(new Item(i)) is not null) handedBack++;
        queue.Close();
        Assert.That(consumer.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(taken.Count + handedBack, Is.EqualTo(count), "nothing lost, nothing twice");
        Assert.That(taken, Is.Ordered, "first in, first out");
        Assert.That(taken.Distinct().Count(), Is.EqualTo(taken.Count));
    }
}
