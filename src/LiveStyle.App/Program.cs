using LiveStyle.App;

return LiveStyleCli.Run(args, Console.Out, Console.Error);
