using System.Diagnostics;
using GeoMonitor.Api.Infrastructure.Database;

namespace GeoMonitor.Api.Tests.Infrastructure;

/// <summary>The built GeoMonitor.Api.dll as a process of its own on a free port of 127.0.0.1 (see <see cref="Hosting.Process"/>).</summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ApiProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; }

    /// <summary>Whether the process has ended.</summary>
    public bool Exited => _process.HasExited;

    /// <summary>The last 40 lines the process wrote.</summary>
    public IReadOnlyList<string> Output
    {
        get { lock (_output) return [.. _output]; }
    }

    /// <summary>Starts the process with <paramref name="settings"/> as environment variables and waits until /health answers.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var baseUrl = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GeoMonitor.Api.dll"));
        psi.ArgumentList.Add("--contentRoot");
        psi.ArgumentList.Add(Path.Combine(GeoMonitorPaths.RepositoryRoot()!, "src", "GeoMonitor.Api"));
        psi.Environment["ASPNETCORE_URLS"] = baseUrl;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        // Configuration keys as environment variables: "GeoMonitor:Uploads:MaxBatchRows" is GeoMonitor__Uploads__MaxBatchRows.
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__")] = v;
        var api = new ApiProcess(Process.Start(psi)!, baseUrl);
        api._process.OutputDataReceived += (_, e) => api.Keep(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Keep(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 600; i++)
        {
            if (api.Exited) throw new InvalidOperationException("The API process exited at start-up:\n" + string.Join("\n", api.Output));
            try
            {
                if ((await client.GetAsync("/health")).IsSuccessStatusCode) return api;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        api.Dispose();
        throw new InvalidOperationException("The API process did not become healthy:\n" + string.Join("\n", api.Output));
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 40) _output.RemoveAt(0);
        }
    }

    /// <summary>Kills the process (and anything it started).</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
