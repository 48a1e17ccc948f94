using System.Net.Http.Headers;
using GeoMonitor.Api.Infrastructure.Auth;
using Npgsql;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>Sends one corpus case and checks the refusal, the absence of leaks and that the database is unchanged.</summary>
public static class CaseRunner
{
    /// <summary>
    /// Cases that run against a real process: those that could take a whole process down (a stack overflow cannot be
    /// caught), and those the in-memory test server cannot even send (a NUL in the path).
    /// </summary>
    public static bool RunsOutOfProcess(BadCase c) =>
        c.Name.Contains("nesting-10000", StringComparison.Ordinal) || c.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal);

    /// <summary>
    /// Kestrel refuses some requests itself, before the application sees them (a request line over 8 KiB: 414; a NUL in
    /// the path: 400; headers over 32 KiB: 431), with an empty body: no problem+json is possible there, and none is asked.
    /// </summary>
    private static bool IsServerLevelRefusal(int status, string body) => status is 400 or 414 or 431 && body.Length == 0;

    /// <summary>Runs <paramref name="c"/> through <paramref name="client"/> and asserts everything the corpus promises.</summary>
    public static async Task RunAsync(BadCase c, HttpClient client, IReadOnlyDictionary<Role, string> keys, string truce, NpgsqlDataSource db)
    {
        var before = await DatabaseChecksum.ComputeAsync(db);

        var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path.Replace("{truce}", truce)) { Content = c.Body?.Invoke() };
        if (keys.TryGetValue(c.Role, out var key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var (h, v) in c.Headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(h, v);
        var res = await client.SendAsync(request);
        var status = (int)res.StatusCode;
        var body = await res.Content.ReadAsStringAsync();
        var media = res.Content.Headers.ContentType?.MediaType;
        var shown = body.Length > 600 ? body[..600] + "…" : body;

        var graphQLError = c.Expect == Refusal.GraphQL && status is 200 or (>= 400 and < 500) && ResponseChecks.GraphQLError(media, body) is null;
        if (!graphQLError && !IsServerLevelRefusal(status, body))
        {
            Assert.True(status is >= 400 and < 500, $"status {status}: {shown}");
            var why = ResponseChecks.ProblemError(status, media, body);
            Assert.True(why is null, $"{why}: {status} {shown}");
        }
        var leak = ResponseChecks.FindLeak(body);
        Assert.True(leak is null, $"the response leaks {leak}: {shown}");

        var changed = DatabaseChecksum.Changed(before, await DatabaseChecksum.ComputeAsync(db));
        Assert.True(changed.Count == 0, $"tables changed: {string.Join(", ", changed)} ({status} {shown})");
    }
}
