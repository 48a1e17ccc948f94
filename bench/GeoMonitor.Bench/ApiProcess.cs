using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GeoMonitor.Bench;

/// <summary>The API (Release build) running as a child process on 127.0.0.1, for measurements from the outside.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client on it.</summary>
    public HttpClient Client { get; }

    /// <summary>The child's process id.</summary>
    public int Pid => _process.Id;

    /// <summary>
    /// Starts the API and waits until /health answers 200. <paramref name="settings"/> are further configuration values
    /// (environment variable names, e.g. <c>ConnectionStrings__GeoMonitorRead</c>), set after the harness's own.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string root, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(root, "src", "GeoMonitor.Api", "bin", "Release", "net10.0", "GeoMonitor.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Build the API first: dotnet build -c Release src/GeoMonitor.Api", dll);
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ConnectionStrings__GeoMonitor"] = connectionString;
        // The bench database is prepared by the harness; the API must not spend time (or memory) loading geodata.
        psi.Environment["GeoMonitor__LoadGeodata"] = "false";
        psi.Environment["GeoMonitor__RateLimit__AnonymousPerSecond"] = "1000000";
        psi.Environment["GeoMonitor__RateLimit__KeyPerSecond"] = "1000000";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the API");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[api] " + e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var api = new ApiProcess(p, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (p.HasExited) throw new InvalidOperationException($"the API exited with code {p.ExitCode}");
            try
            {
                if ((await api.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return api;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the API did not become healthy within 60 s");
            await Task.Delay(200);
        }
    }

    /// <summary>Peak resident memory of the process so far (VmHWM), in MiB.</summary>
    public double PeakRssMiB() => StatusKiB("VmHWM:") / 1024.0;

    /// <summary>Current resident memory (VmRSS), in MiB.</summary>
    public double RssMiB() => StatusKiB("VmRSS:") / 1024.0;

    private long StatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        throw new InvalidOperationException($"{field} not in /proc/{_process.Id}/status");
    }

    /// <summary>GETs <paramref name="url"/> and reads the body to the end, returning its size in bytes.</summary>
    public async Task<long> DrainAsync(string url, string? key = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        if (key is not null) req.Headers.Authorization = new("Bearer", key);
        using var res = await Client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead);
        res.EnsureSuccessStatusCode();
        await using var s = await res.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await s.ReadAsync(buffer)) > 0) total += n;
        return total;
    }

    /// <summary>A free TCP port of 127.0.0.1 (for the API and the other servers a benchmark starts).</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
