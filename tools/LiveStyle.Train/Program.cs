using LiveStyle.Train;

// Ctrl+C asks a training run to stop after the current iteration and write a checkpoint;
// a second Ctrl+C ends the process at once.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine();
    Console.Error.WriteLine("stopping after this iteration (Ctrl+C again to quit now)");
    cancel.Cancel();
};
return TrainCli.Run(args, Console.Out, Console.Error, Console.Error, interactive: !Console.IsErrorRedirected, cancel.Token);
