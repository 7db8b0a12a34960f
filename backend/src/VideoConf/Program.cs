using VideoConf;

var app = VideoConfApp.Build(args);
await app.RunAsync();

/// <summary>The entry point; public and partial so test hosts can refer to this assembly's app.</summary>
public partial class Program;
