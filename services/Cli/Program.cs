using Platform.Cli;

return await PlatformCommandLine.InvokeAsync(args, Console.Out, Console.Error, CancellationToken.None);
