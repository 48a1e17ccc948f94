using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Where a batch upload's time went, phase by phase, for the response's <c>Server-Timing</c> header (the same header the
/// GraphQL endpoint writes): reading and validating the rows, the enrichment on its own connection, the write
/// connection's wait for it, the COPY of the rows, their revisions, the comparison of stored keys, the assignment and
/// the commit. The upload benchmark reads it to say where a batch's time goes inside the API (docs/performance.md).
/// Phases may be added from the enrichment's task and the write path at once.
/// </summary>
public sealed class BatchPhases
{
    private readonly Lock _lock = new();
    private readonly List<(string Name, double Ms)> _phases = [];

    /// <summary>Adds the time since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>) to the phase.</summary>
    public void Add(string name, long startedAt)
    {
        var ms = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        lock (_lock)
        {
            var i = _phases.FindIndex(p => p.Name == name);
            if (i < 0) _phases.Add((name, ms));
            else _phases[i] = (name, _phases[i].Ms + ms);
        }
    }

    /// <summary>The phases as a Server-Timing value, in the order they first ran: <c>copy;dur=812.4, …</c>.</summary>
    public string ServerTiming()
    {
        var sb = new StringBuilder();
        lock (_lock)
            foreach (var (name, ms) in _phases)
                sb.Append(sb.Length == 0 ? "" : ", ").Append(name).Append(";dur=").Append(ms.ToString("F1", CultureInfo.InvariantCulture));
        return sb.ToString();
    }
}
