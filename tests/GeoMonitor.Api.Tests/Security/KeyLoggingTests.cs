using System.Collections.Concurrent;
using System.Net.Http.Json;
using GeoMonitor.Api.Infrastructure.Auth;
using GeoMonitor.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoMonitor.Api.Tests.Security;

/// <summary>Keeps every log message (with its exception and scope-free state) the host writes, at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    /// <summary>Every formatted message so far.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Messages.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(";", kv.Select(p => $"{p.Key}={p.Value}")) : "";
            owner.Messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{structured}] {exception}");
        }
    }
}

/// <summary>The API with every log message captured, at Trace level.</summary>
public sealed class LogCaptureFixture() : ApiFixture(new ApiHostOptions { LoadGeodata = false })
{
    /// <summary>The captured log.</summary>
    public CapturingLoggerProvider Log { get; } = new();

    protected override void ConfigureHost(IWebHostBuilder builder)
    {
        builder.ConfigureLogging(l => l.AddProvider(Log).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Log));
    }
}

/// <summary>API keys never reach the log: not on success, not when wrong or revoked, not on writes or errors.</summary>
public sealed class KeyLoggingTests(LogCaptureFixture api) : IClassFixture<LogCaptureFixture>
{
    [Fact]
    public async Task No_key_appears_in_any_log_message()
    {
        var keys = new ApiKeys(api.Db);
        var reporter = await keys.CreateAsync("log-reporter", Role.Reporter);
        var revoked = await keys.CreateAsync("log-revoked", Role.Reader);
        await keys.RevokeByNameAsync("log-revoked");
        var unknown = "gm_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var client = api.CreateClient();
        async Task Send(HttpMethod method, string path, string key, bool bearer, HttpContent? body = null)
        {
            var req = new HttpRequestMessage(method, path) { Content = body };
            if (bearer) req.Headers.Authorization = new("Bearer", key);
            else req.Headers.Add("X-Api-Key", key);
            await client.SendAsync(req);
        }

        foreach (var key in new[] { reporter, revoked, unknown })
        {
            foreach (var bearer in new[] { true, false })
            {
                await Send(HttpMethod.Get, "/api/incidents?status=reported", key, bearer);
                await Send(HttpMethod.Get, "/health", key, bearer);
                await Send(HttpMethod.Post, "/api/incidents", key, bearer, JsonContent.Create(new
                {
                    source = "log-test", externalId = Guid.NewGuid().ToString("N"), occurredAt = "2024-12-01T10:00:00Z",
                    eventType = "Battles", subEventType = "Armed clash", fatalities = 0, lon = 35.5, lat = 33.2,
                }));
                await Send(HttpMethod.Post, "/api/incidents", key, bearer, new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
                await Send(HttpMethod.Post, "/graphql", key, bearer, JsonContent.Create(new { query = "{ incidents(first: 1) { totalCount } }" }));
            }
        }
        Assert.True(api.Log.Messages.Count > 10, "nothing was logged: the capture is not wired");
        foreach (var key in new[] { reporter, revoked, unknown })
        {
            // The prefix (gm_ and 7 characters) is shown in listings on purpose; the secret part never appears.
            var secret = key[10..];
            var hits = api.Log.Messages.Where(m => m.Contains(secret[..16], StringComparison.Ordinal)).ToList();
            Assert.True(hits.Count == 0, $"a key appears in the log: {hits.FirstOrDefault()}");
        }
    }
}
