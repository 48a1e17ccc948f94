using System.Buffers.Binary;
using System.Net;
using System.Text.Json;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Changes;

/// <summary>A client of GET /api/changes as a newsroom would run it: it keeps the last <c>next</c> token and comes back with it.</summary>
public sealed class FeedClient(Func<HttpClient> client)
{
    /// <summary>The stored token (null before the first page).</summary>
    public string? Token { get; set; }

    /// <summary>Every change served so far, in the order served.</summary>
    public List<JsonElement> Served { get; } = [];

    /// <summary>Reads one page after the stored token, keeps its changes and its next token; returns (changes, more).</summary>
    public async Task<(int Changes, bool More)> PageAsync(int limit)
    {
        var url = "/api/changes?limit=" + limit + (Token is null ? "" : "&since=" + Uri.EscapeDataString(Token));
        var res = await client().GetAsync(url);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)res.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var changes = body.GetProperty("changes").EnumerateArray().ToList();
        Served.AddRange(changes);
        Token = body.GetProperty("next").GetString();
        return (changes.Count, body.GetProperty("more").GetBoolean());
    }

    /// <summary>Reads pages until a page is not full (the feed has nothing more to serve now).</summary>
    public async Task DrainAsync(int limit)
    {
        while ((await PageAsync(limit)).More) { }
    }

    /// <summary>The (kind, id, version, action) a change is about, and the change_seq of its row (unique per change).</summary>
    public static (string Kind, string Id, int Version, string Action, long Seq) Key(JsonElement c) =>
        (c.GetProperty("kind").GetString()!, c.GetProperty("id").ToString(), c.GetProperty("version").GetInt32(), c.GetProperty("action").GetString()!,
         Position(c.GetProperty("position").GetString()!).Seq);

    /// <summary>The (transaction id, change_seq) inside a position token, read from its documented-to-be-opaque layout (tests only).</summary>
    public static (ulong TxId, long Seq) Position(string token)
    {
        var s = token.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var b = Convert.FromBase64String(s);
        return (BinaryPrimitives.ReadUInt64BigEndian(b.AsSpan(17)), BinaryPrimitives.ReadInt64BigEndian(b.AsSpan(25)));
    }
}
