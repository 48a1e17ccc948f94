using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeoMonitor.Api.Tests.BadInput;

/// <summary>What no response may contain, and what a refusal must look like.</summary>
public static partial class ResponseChecks
{
    /// <summary>Traces of internals: .NET stack frames and exception names, Npgsql/PostgreSQL errors, the API's SQL.</summary>
    private static readonly (string Name, Regex Pattern)[] Leaks =
    [
        ("stack frame", StackFrame()),
        ("source line", new Regex(@"\.cs:line \d+")),
        ("exception type", new Regex(@"\b(System|Npgsql|Microsoft|GeoMonitor)\.[\w.]*Exception\b")),
        ("Npgsql", new Regex("Npgsql")),
        ("PostgreSQL error", new Regex(@"SQLSTATE|syntax error at or near|PostgresException|relation ""\w+"" does not exist")),
        ("SQL text", new Regex(@"\b(SELECT .* FROM|INSERT INTO|UPDATE \w+ SET|DELETE FROM|ST_\w+\(|gm_enrich|gm_upload)\b")),
        ("connection string", new Regex(@"(?i)password=|host=127")),
    ];

    [GeneratedRegex(@"\bat [\w.<>`]+\.[\w<>`]+\(.*\)( in |\r?\n)")]
    private static partial Regex StackFrame();

    /// <summary>The first leak found in <paramref name="body"/>, or null.</summary>
    public static string? FindLeak(string body)
    {
        foreach (var (name, pattern) in Leaks)
            if (pattern.Match(body) is { Success: true } m) return $"{name}: '{m.Value}'";
        return null;
    }

    /// <summary>Whether <paramref name="body"/> is a problem+json object whose status matches <paramref name="status"/>.</summary>
    public static string? ProblemError(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json") return $"media type {mediaType ?? "(none)"}, not application/problem+json";
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (!root.TryGetProperty("status", out var s) || s.GetInt32() != status) return "problem without the matching status";
            if (!root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) return "problem without a type";
            if (!root.TryGetProperty("title", out _)) return "problem without a title";
            return null;
        }
        catch (JsonException) { return "problem body is not JSON"; }
    }

    /// <summary>Whether <paramref name="body"/> is a GraphQL response with errors and no data.</summary>
    public static string? GraphQLError(string? mediaType, string body)
    {
        if (mediaType is not ("application/json" or "application/graphql-response+json")) return $"media type {mediaType ?? "(none)"}";
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            if (!root.TryGetProperty("errors", out var e) || e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0) return "no errors";
            foreach (var err in e.EnumerateArray())
                if (!err.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.String) return "an error without a message";
            if (root.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null)
            {
                // A field error leaves data with the failed field null; a refused write must not report success.
                if (body.Contains("\"created\":true", StringComparison.Ordinal)) return "data reports a created incident";
            }
            return null;
        }
        catch (JsonException) { return "body is not JSON"; }
    }
}
