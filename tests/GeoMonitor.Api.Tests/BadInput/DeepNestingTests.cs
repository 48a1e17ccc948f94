using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Infrastructure.Database;
using GeoMonitor.Api.Tests.Infrastructure;
using Npgsql;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>
/// The API as a real process (the built GeoMonitor.Api.dll) on its own database, restarted if a case kills it, so that
/// "the process stays up" is observed from outside.
/// </summary>
public sealed class ApiProcessFixture : IAsyncLifetime
{
    private Process? _process;
    private string _cs = "";

    /// <summary>A data source on the process's database.</summary>
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <summary>A key per role.</summary>
    public Dictionary<Role, string> Keys { get; } = [];

    /// <summary>The base address of the running process.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public List<string> Output { get; } = [];

    public async Task InitializeAsync()
    {
        _cs = await TestCluster.CreateDatabaseAsync();
        Db = NpgsqlDataSource.Create(_cs);
        await StartAsync();
        foreach (var role in new[] { Role.Reader, Role.Reporter, Role.Reviewer, Role.Admin })
            Keys[role] = await new ApiKeys(Db).CreateAsync("deep-" + role.ToString().ToLowerInvariant(), role);
    }

    /// <summary>Whether the process is still running and answers /health.</summary>
    public async Task<bool> AliveAsync()
    {
        if (_process is null || _process.HasExited) return false;
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        try { return (await client.GetAsync("/health")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    /// <summary>Starts the process (again, after a crash).</summary>
    public async Task StartAsync()
    {
        Stop();
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; }
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GeoMonitor.Api.dll"));
        psi.ArgumentList.Add("--contentRoot");
        psi.ArgumentList.Add(Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "src", "GeoMonitor.Api"));
        psi.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["ConnectionStrings__GeoMonitor"] = _cs;
        psi.Environment["GeoMonitor__LoadGeodata"] = "false";
        psi.Environment["GeoMonitor__RateLimit__AnonymousPerSecond"] = "100000";
        psi.Environment["GeoMonitor__RateLimit__KeyPerSecond"] = "100000";
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var i = 0; i < 300 && !await AliveAsync(); i++)
        {
            if (_process.HasExited) throw new InvalidOperationException("The API process exited at start-up:\n" + string.Join("\n", Output));
            await Task.Delay(100);
        }
        if (!await AliveAsync()) throw new InvalidOperationException("The API process did not become healthy:\n" + string.Join("\n", Output));
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (Output)
        {
            Output.Add(line);
            if (Output.Count > 40) Output.RemoveAt(0);
        }
    }

    private void Stop()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        Stop();
        await Db.DisposeAsync();
        await TestCluster.DropDatabaseAsync(_cs);
    }
}

/// <summary>
/// The corpus's 10,000-level nesting cases (JSON arrays and objects, GraphQL selections, literals, fragments and
/// variables) and NULs in the path, sent to a real API process: each is refused cleanly and the process is still up afterwards. A case that
/// kills the process fails here, and the process is restarted for the next case.
/// </summary>
public sealed class DeepNestingTests(ApiProcessFixture api) : IClassFixture<ApiProcessFixture>
{
    public static IEnumerable<object[]> Cases() => BadInputCorpus.Names().Where(n => CaseRunner.RunsOutOfProcess(BadInputCorpus.Cases[(string)n[0]]));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_and_the_process_stays_up(string name)
    {
        if (!await api.AliveAsync()) await api.StartAsync();
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        try
        {
            await CaseRunner.RunAsync(BadInputCorpus.Cases[name], client, api.Keys, "no-truce", api.Db);
        }
        catch (HttpRequestException e)
        {
            Assert.Fail($"the request failed ({e.Message}); the process {(await api.AliveAsync() ? "is up" : "died")}:\n"
                + string.Join("\n", api.Output.TakeLast(8)));
        }
        Assert.True(await api.AliveAsync(), "the API process died:\n" + string.Join("\n", api.Output.TakeLast(8)));
    }
}
