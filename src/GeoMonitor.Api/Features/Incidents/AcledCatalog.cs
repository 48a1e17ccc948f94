using GeoMonitor.Api.Features.Uploads;

namespace GeoMonitor.Api.Features.Incidents;

/// <summary>
/// The ACLED event and sub-event types as exact sets, for the read filters: a misspelt eventType is refused with a
/// 400 instead of silently matching nothing. Read through <see cref="AcledCodes"/>, the one loader of the table.
/// </summary>
public sealed class AcledCatalog(AcledCodes codes)
{
    private (HashSet<string> Types, HashSet<string> SubTypes)? _sets;

    /// <summary>The known event types and sub-event types.</summary>
    public async Task<(HashSet<string> Types, HashSet<string> SubTypes)> GetAsync(CancellationToken ct)
    {
        if (_sets is { } s) return s;
        _sets = (await codes.LoadAsync(ct)).ExactSets();
        return _sets.Value;
    }
}
