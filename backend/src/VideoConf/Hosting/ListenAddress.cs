namespace VideoConf.Hosting;

internal static class ListenAddress
{
    public const string Default = "http://localhost:5000";

    /// <summary>
    /// <c>http://localhost:5000</c> unless an address is configured (ASPNETCORE_URLS, --urls, HTTP_PORTS or Kestrel
    /// endpoints). Set in code rather than appsettings.json, where it would override ASPNETCORE_URLS.
    /// </summary>
    public static void UseDefaultUnlessConfigured(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(configuration["urls"])
            || !string.IsNullOrWhiteSpace(configuration["http_ports"])
            || !string.IsNullOrWhiteSpace(configuration["https_ports"])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured) builder.WebHost.UseUrls(Default);
    }
}
