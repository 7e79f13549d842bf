using LiveStyle.Core.Threading;
using NUnit.Framework;

namespace LiveStyle.Tests.Threading;

public class WorkerTeamTests
{
    private sealed class Recorder(int items) : WorkerTeam.Job
    {
        public readonly int[] Runs = new int[items];
        public readonly HashSet<int> Workers = [];
        public override void Run(int item, int worker)
        {
            Interlocked.Increment(ref Runs[item]);
            lock (Workers) Workers.Add(worker);
            Thread.SpinWait(20000);
        }
    }

    [Test]
    public void EveryItemRunsExactlyOnceAcrossTheTeam()
    {
        using var team = new WorkerTeam(3, "test");
        Assert.That(team.Size, Is.EqualTo(4));
        for (var round = 0; round < 50; round++)
        {
            var job = new Recorder(37);
            team.Run(job, 37);
            Assert.That(job.Runs, Is.All.EqualTo(1), $"round {round}");
            Assert.That(job.Workers, Is.SubsetOf(new[] { 0, 1, 2, 3 }));
        }
    }

    /// <summary>
    /// Many short runs of varying sizes back to back, items of uneven length: helpers wake late and
    /// find a later run, or none. Every item of every run runs once, and is done when Run returns.
    /// </summary>
    [Test]
    public void ShortRunsBackToBack_EveryItemRunsOnceAndIsDoneWhenRunReturns()
    {
        using var team = new WorkerTeam(3, "test");
        var random = new Random(23);
        for (var round = 0; round < 3000; round++)
        {
            var items = random.Next(1, 12);
            var runs = new int[items];
            var spin = random.Next(0, 400);
            team.Run(new WorkerTeam.Rows(item =>
            {
                Thread.SpinWait(spin * (item % 3));
                Interlocked.Increment(ref runs[item]);
            }), items);
            Assert.That(runs, Is.All.EqualTo(1), $"round {round}: {items} items");
        }
    }

    [Test]
    public void WithoutHelpersTheCallerDoesEverything()
    {
        using var team = new WorkerTeam(0, "test");
        var job = new Recorder(5);
        team.Run(job, 5);
        Assert.That(job.Runs, Is.All.EqualTo(1));
        Assert.That(job.Workers, Is.EquivalentTo(new[] { 0 }));
    }

    [Test]
    public void AFailingItemIsRethrownOnTheCallerAndTheTeamGoesOn()
    {
        using var team = new WorkerTeam(1, "test");
        var failing = new WorkerTeam.Rows(item => { if (item == 7) throw new InvalidOperationException("item 7 failed"); });
        var error = Assert.Throws<InvalidOperationException>(() => team.Run(failing, 20));
        Assert.That(error!.Message, Is.EqualTo("item 7 failed"));
        var job = new Recorder(10);
        team.Run(job, 10);
        Assert.That(job.Runs, Is.All.EqualTo(1), "the next run after a failure");
    }

    [Test]
    public void RunningAllocatesNothing()
    {
        using var team = new WorkerTeam(1, "test");
        var sum = 0L;
        var job = new WorkerTeam.Rows(item => Interlocked.Add(ref sum, item));
        for (var i = 0; i < 20; i++) team.Run(job, 64);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++) team.Run(job, 64);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by 200 runs on the caller");
        Assert.That(sum, Is.EqualTo(220L * (63 * 64 / 2)));
    }

    /// <summary>The caller waiting for a slow helper (its first real block comes mid-run, not in a warm-up) allocates nothing either.</summary>
    [Test]
    public void WaitingForASlowHelperAllocatesNothing()
    {
        using var team = new WorkerTeam(1, "test");
        var slow = false;
        var job = new WorkerTeam.Jobs((item, worker) => { if (slow && worker == 1) Thread.Sleep(5); });
        for (var i = 0; i < 20; i++) team.Run(job, 2);
        slow = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++) team.Run(job, 2);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, "bytes allocated by 20 runs that waited for the helper");
    }

    [Test]
    public void DisposeStopsTheHelpers()
    {
        var team = new WorkerTeam(2, "test");
        var threads = new HashSet<Thread>();
        var job = new WorkerTeam.Rows(_ => { lock (threads) threads.Add(Thread.CurrentThread); Thread.Sleep(5); });
        for (var i = 0; i < 20 && threads.Count < 3; i++) team.Run(job, 8);
        Assert.That(threads, Has.Count.EqualTo(3), "the caller and both helpers took items");
        team.Dispose();
        Assert.That(threads.Where(t => t != Thread.CurrentThread).Select(t => t.IsAlive), Is.All.False, "helpers still running after Dispose");
        Assert.Throws<ObjectDisposedException>(() => team.Run(job, 1));
    }
}
