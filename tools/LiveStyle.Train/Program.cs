using LiveStyle.Train;

return TrainCli.Run(args, Console.Out, Console.Error);
