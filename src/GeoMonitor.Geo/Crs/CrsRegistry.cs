using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GeoMonitor.Geo.Crs;

/// <summary>
/// The coordinate reference systems GeoMonitor can transform between, keyed by EPSG code.
/// Built in: 4326, 3857, 3395, 4258, 4141, 2039 (Israeli TM Grid), 22770 (Syria Lambert) and every
/// WGS 84 / UTM zone (32601–32660, 32701–32760). More can be added with <see cref="Register"/>.
/// Thread-safe.
/// </summary>
public sealed class CrsRegistry
{
    /// <summary>EPSG code of WGS 84 longitude/latitude, the system all GeoMonitor data is stored in.</summary>
    public const int Wgs84 = 4326;

    private readonly ConcurrentDictionary<int, CrsDefinition> _definitions = new();
    private readonly ConcurrentDictionary<(int Source, int Target), CrsTransform> _transforms = new();

    /// <summary>Creates a registry holding the built-in systems.</summary>
    public CrsRegistry()
    {
        foreach (var (epsg, wkt) in BuiltInCrs.Wkt)
        {
            _definitions[epsg] = CrsWktParser.Parse(epsg, wkt);
        }
    }

    /// <summary>The process-wide registry used by <see cref="CoordinateTransformer"/> and the parsers.</summary>
    public static CrsRegistry Default { get; } = new();

    /// <summary>
    /// The explicitly known codes, ascending. UTM zones that have not been used yet are not listed
    /// but are always available.
    /// </summary>
    public IReadOnlyList<int> Codes => [.. _definitions.Keys.Order()];

    /// <summary>Looks up a system by EPSG code.</summary>
    /// <param name="epsg">The EPSG code.</param>
    /// <param name="definition">The system, when found.</param>
    /// <returns>True when the code is supported.</returns>
    public bool TryGet(int epsg, [NotNullWhen(true)] out CrsDefinition? definition)
    {
        if (_definitions.TryGetValue(epsg, out definition))
        {
            return true;
        }

        if (WktTemplates.TryParseUtmCode(epsg, out var zone, out var north))
        {
            definition = _definitions.GetOrAdd(epsg, code => CrsWktParser.Parse(code, WktTemplates.Utm(zone, north)));
            return true;
        }

        return false;
    }

    /// <summary>Looks up a system by EPSG code.</summary>
    /// <param name="epsg">The EPSG code.</param>
    /// <returns>The system.</returns>
    /// <exception cref="UnknownCrsException">The code is not supported; the message lists the supported codes.</exception>
    public CrsDefinition Get(int epsg) =>
        TryGet(epsg, out var definition) ? definition : throw new UnknownCrsException(epsg, DescribeSupported());

    /// <summary>
    /// Adds a system from its WKT 1 definition. A datum other than WGS 84 must carry a TOWGS84 clause,
    /// because without one ProjNet would silently treat it as WGS 84 and be off by up to hundreds of metres.
    /// </summary>
    /// <param name="epsg">The code to register it under; must match any AUTHORITY clause in the WKT.</param>
    /// <param name="wkt">WKT 1 (OGC 01-009) text of a geographic or projected system.</param>
    /// <returns>The registered system.</returns>
    /// <exception cref="ArgumentException">The WKT is invalid, unsupported by ProjNet, or lacks a datum shift.</exception>
    /// <exception cref="InvalidOperationException">The code is already registered (cached transforms would go stale).</exception>
    public CrsDefinition Register(int epsg, string wkt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(wkt);
        if (TryGet(epsg, out _))
        {
            throw new InvalidOperationException($"EPSG:{epsg} is already registered.");
        }

        var definition = CrsWktParser.Parse(epsg, wkt);
        CreateMathTransform(definition, Get(Wgs84));
        if (!_definitions.TryAdd(epsg, definition))
        {
            throw new InvalidOperationException($"EPSG:{epsg} is already registered.");
        }

        return definition;
    }

    /// <summary>Gets the (cached) transformation between two registered systems.</summary>
    /// <param name="sourceEpsg">EPSG code of the input coordinates.</param>
    /// <param name="targetEpsg">EPSG code of the output coordinates.</param>
    /// <returns>The transformation.</returns>
    /// <exception cref="UnknownCrsException">Either code is not supported.</exception>
    public CrsTransform GetTransform(int sourceEpsg, int targetEpsg)
    {
        if (_transforms.TryGetValue((sourceEpsg, targetEpsg), out var cached))
        {
            return cached;
        }

        var source = Get(sourceEpsg);
        var target = Get(targetEpsg);
        var math = sourceEpsg == targetEpsg ? null : CreateMathTransform(source, target);
        return _transforms.GetOrAdd((sourceEpsg, targetEpsg), new CrsTransform(source, target, math));
    }

    internal string DescribeSupported() =>
        string.Join(", ", Codes.Where(c => !WktTemplates.TryParseUtmCode(c, out _, out _)).Select(c => $"EPSG:{c}"))
        + ", and WGS 84 / UTM zones EPSG:32601–32660 (north) and EPSG:32701–32760 (south)";

    private static MathTransform CreateMathTransform(CrsDefinition source, CrsDefinition target)
    {
        try
        {
            return new CoordinateTransformationFactory()
                .CreateFromCoordinateSystems(source.CoordinateSystem, target.CoordinateSystem)
                .MathTransform;
        }
        catch (Exception ex) when (ex is NotSupportedException or NotImplementedException or ArgumentException)
        {
            throw new ArgumentException(
                $"Cannot transform between EPSG:{source.Epsg} and EPSG:{target.Epsg}: {ex.Message}", ex);
        }
    }
}
