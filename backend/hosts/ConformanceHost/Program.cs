// Runs the server the official Engine.IO v4 / Socket.IO v5 protocol test suites expect, e.g.
//   dotnet run --project backend/hosts/ConformanceHost/ConformanceHost.csproj -- --urls http://127.0.0.1:3000
using ConformanceHost;

var app = ConformanceApp.Build(args);
app.Run();
