using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Layers;
using GeoMonitor.Api.Features.Notifications;
using GeoMonitor.Api.Features.Verification;
using Npgsql;

namespace GeoMonitor.Api.Features.Changes;

/// <summary>
/// The validators of a read whose answer is a query over the record (the incident list and its CSV and GeoJSONSeq
/// exports, OGC items): an answer can change only when something it reads changes, and every change to incidents, layers
/// and claims is a position in the changes feed. So the ETag is a hash of what the reading snapshot holds of the feed
/// (<see cref="ChangeFeed.HeadAsync"/>), of the other tables the query reads that the feed does not cover (notifications
/// for "pre-notified", observer teams for a keyed reader's audience), and of the query itself — its SQL and every
/// parameter value, which carry the caller's visibility (the statuses and the organisation of <c>IncidentVisibility</c>),
/// so that callers who see different things never share an ETag — and of the representation (format, URL). It changes
/// with any write, layer redraw (and the re-derivations it makes) or lifecycle step, without reading the answer. It is
/// weak: a GeoJSON answer carries the instant it was generated.
/// <para>
/// Last-Modified is when this process first computed the current ETag (the database's clock), sent once that is
/// <see cref="LayerRows.Settled"/> old, as for the layers: a change always makes a new ETag, first seen after the change
/// committed, so a later Last-Modified (at least a second later, since a settled one is at least two seconds old). A
/// process that restarts, or another replica of the API, may say a later time than the truth: a revalidation then costs
/// a 200, never a stale 304.
/// </para>
/// </summary>
public sealed class ReadValidators
{
    // The ETags remembered with the instant they were first computed; when full, forgetting them all only makes
    // Last-Modified later (a 200 where a 304 would have done), never earlier.
    private const int Remembered = 50_000;
    private readonly ConcurrentDictionary<string, DateTime> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>
    /// The validators of <paramref name="query"/>'s answer in <paramref name="representation"/>, read in the snapshot of
    /// <paramref name="tx"/> — the one the answer is read with, so that the ETag names exactly the state the body shows.
    /// </summary>
    public async Task<ReadValidator> ForAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NpgsqlCommand query, string representation, CancellationToken ct)
    {
        var (head, now) = await ChangeFeed.HeadAsync(conn, tx, ct);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, head);
        Append(hash, await SideStampsAsync(conn, tx, query.CommandText, ct));
        Append(hash, representation);
        Append(hash, query.CommandText);
        foreach (NpgsqlParameter p in query.Parameters)
        {
            Append(hash, p.ParameterName);
            Append(hash, p.NpgsqlDbType.ToString());
            Append(hash, Text(p.Value));
        }
        var etag = "W/\"" + Convert.ToHexString(hash.GetHashAndReset(), 0, 16).ToLowerInvariant() + "\"";
        if (_firstSeen.Count >= Remembered) _firstSeen.Clear();
        var first = _firstSeen.GetOrAdd(etag, now);
        return new ReadValidator(etag, now - first >= LayerRows.Settled ? first : null);
    }

    // The tables outside the feed an incident query may read, each stamped only when the query reads it.
    private static async Task<string> SideStampsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        var stamps = new List<string>();
        if (sql.Contains("notifications", StringComparison.Ordinal)) stamps.Add(NotificationStore.ReadStamp);
        if (sql.Contains("observer_teams", StringComparison.Ordinal)) stamps.Add(ObserverTeamStore.ReadStamp);
        if (stamps.Count == 0) return "";
        // The stamps are the constants above, never input.
        await using var cmd = new NpgsqlCommand("SELECT " + string.Join(" || '|' || ", stamps), conn, tx);
        return (string)(await cmd.ExecuteScalarAsync(ct))!;
    }

    // Length-prefixed, so that no two sequences of parts hash alike.
    private static void Append(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }

    private static string Text(object? value) => value switch
    {
        null or DBNull => "\0null",
        string s => s,
        byte[] b => Convert.ToHexString(b),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IEnumerable list => "[" + string.Join("\u001f", list.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>The validators of one answer (see <see cref="ReadValidators"/>).</summary>
/// <param name="ETag">A weak ETag.</param>
/// <param name="LastModified">Last-Modified, or null while it has not settled.</param>
public sealed record ReadValidator(string ETag, DateTime? LastModified)
{
    /// <summary>
    /// Sends the validators with the caching rules of a read that must be revalidated every time (a keyed caller's answer
    /// is private; it varies with the key and the Accept header), and answers 304 when the request's conditions hold:
    /// true when the answer is done.
    /// </summary>
    public bool Answer(HttpContext http, bool keyed)
    {
        var res = http.Response;
        Conditional.Send(res, ETag, LastModified);
        res.Headers.CacheControl = keyed ? "private, no-cache" : "public, no-cache";
        res.Headers.Vary = "Authorization, X-Api-Key, Accept";
        if (!Conditional.NotModified(http.Request, ETag, LastModified)) return false;
        res.StatusCode = StatusCodes.Status304NotModified;
        return true;
    }
}
