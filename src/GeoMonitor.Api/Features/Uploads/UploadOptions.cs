namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Limits and checks for uploads, bound from configuration: <c>GeoMonitor:Region</c> (the monitored bounding box)
/// and <c>GeoMonitor:Uploads</c> (body sizes, row count, clock tolerance).
/// </summary>
public sealed class UploadOptions
{
    /// <summary>West edge of the monitored region, degrees. The default box covers Lebanon, northern Israel and the Golan.</summary>
    public double MinLon { get; set; } = 34.8;

    /// <summary>East edge, degrees.</summary>
    public double MaxLon { get; set; } = 36.7;

    /// <summary>South edge, degrees.</summary>
    public double MinLat { get; set; } = 32.5;

    /// <summary>North edge, degrees.</summary>
    public double MaxLat { get; set; } = 34.8;

    /// <summary>Largest body of a single report or a PATCH, bytes.</summary>
    public long MaxSingleBytes { get; set; } = 1L << 20;

    /// <summary>Largest body of a batch, bytes.</summary>
    public long MaxBatchBytes { get; set; } = 64L << 20;

    /// <summary>Most rows in one batch.</summary>
    public int MaxBatchRows { get; set; } = 100_000;

    /// <summary>How far in the future occurredAt may be (clock skew of field devices).</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether (lon, lat) lies inside the monitored region.</summary>
    public bool Contains(double lon, double lat) => lon >= MinLon && lon <= MaxLon && lat >= MinLat && lat <= MaxLat;

    /// <summary>The region as text for error messages.</summary>
    public string Describe() => FormattableString.Invariant($"lon {MinLon}–{MaxLon}, lat {MinLat}–{MaxLat}");

    /// <summary>Reads the options from configuration (defaults where a key is absent).</summary>
    public static UploadOptions From(IConfiguration config)
    {
        var o = new UploadOptions();
        config.GetSection("GeoMonitor:Region").Bind(o);
        config.GetSection("GeoMonitor:Uploads").Bind(o);
        return o;
    }
}
