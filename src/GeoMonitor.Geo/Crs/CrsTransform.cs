using System.Globalization;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace GeoMonitor.Geo.Crs;

/// <summary>
/// A cached transformation between two registered systems. Coordinates are always in
/// "GIS order": x = easting or longitude, y = northing or latitude, whatever axis order the EPSG
/// definition declares. Instances are safe to share between threads.
/// </summary>
public sealed class CrsTransform
{
    private readonly MathTransform? _math;
    private readonly CrsDefinition _source;
    private readonly CrsDefinition _target;

    // ProjNet does not document its transforms as thread-safe, so calls are serialised.
    private readonly Lock _gate = new();

    internal CrsTransform(CrsDefinition source, CrsDefinition target, MathTransform? math)
    {
        _source = source;
        _target = target;
        _math = math;
    }

    /// <summary>EPSG code of the input coordinates.</summary>
    public int SourceEpsg => _source.Epsg;

    /// <summary>EPSG code of the output coordinates.</summary>
    public int TargetEpsg => _target.Epsg;

    /// <summary>Transforms one coordinate.</summary>
    /// <param name="x">Easting or longitude in the source system.</param>
    /// <param name="y">Northing or latitude in the source system.</param>
    /// <returns>Easting/longitude and northing/latitude in the target system.</returns>
    /// <exception cref="CoordinateTransformException">The input is not finite or out of range, or the result is.</exception>
    public (double X, double Y) Transform(double x, double y)
    {
        CheckInput(x, y);
        double outX = x, outY = y;
        if (_math is not null)
        {
            try
            {
                lock (_gate)
                {
                    _math.Transform(ref outX, ref outY);
                }
            }
            catch (Exception ex) when (ex is ArgumentException or ArithmeticException or InvalidOperationException)
            {
                // ProjNet reports domain errors (e.g. Mercator at a pole) with general exception types.
                throw new CoordinateTransformException(
                    $"({Format(x)}, {Format(y)}) cannot be transformed from EPSG:{SourceEpsg} to EPSG:{TargetEpsg}: {ex.Message}",
                    ex);
            }
        }

        return CheckOutput(x, y, outX, outY);
    }

    /// <summary>
    /// Returns a transformed copy of <paramref name="geometry"/> whose SRID is the target EPSG code.
    /// The input is not modified.
    /// </summary>
    /// <param name="geometry">A geometry in the source system.</param>
    /// <returns>The geometry in the target system.</returns>
    /// <exception cref="CoordinateTransformException">A vertex cannot be transformed.</exception>
    public Geometry Transform(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(TargetEpsg);
        var copy = factory.CreateGeometry(geometry);
        copy.Apply(new SequenceFilter(this));
        return copy;
    }

    private void CheckInput(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            throw new CoordinateTransformException(
                $"Cannot transform ({Format(x)}, {Format(y)}) from EPSG:{SourceEpsg}: coordinates must be finite numbers.");
        }

        if (_source.IsGeographic && (Math.Abs(x) > 180 || Math.Abs(y) > 90))
        {
            throw new CoordinateTransformException(
                $"Cannot transform lon {Format(x)}, lat {Format(y)} from EPSG:{SourceEpsg}: longitude must be within " +
                "-180..180 and latitude within -90..90.");
        }
    }

    private (double X, double Y) CheckOutput(double x, double y, double outX, double outY)
    {
        if (_target.IsGeographic && double.IsFinite(outX))
        {
            // Inverse projections may return longitudes a hair past ±180 near the antimeridian.
            outX = Math.IEEERemainder(outX, 360);
        }

        var valid = double.IsFinite(outX) && double.IsFinite(outY)
            && (!_target.IsGeographic || Math.Abs(outY) <= 90);
        if (!valid)
        {
            throw new CoordinateTransformException(
                $"({Format(x)}, {Format(y)}) in EPSG:{SourceEpsg} has no valid position in EPSG:{TargetEpsg}; " +
                "it is probably outside the area the coordinate system covers.");
        }

        return (outX, outY);
    }

    private static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    private sealed class SequenceFilter(CrsTransform owner) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = owner.Transform(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
