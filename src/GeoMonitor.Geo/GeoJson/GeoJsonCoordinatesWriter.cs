using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>Writes positions with fixed rounding, and polygon rings in RFC 7946 right-hand-rule order.</summary>
internal sealed class GeoJsonCoordinatesWriter(GeoJsonWriterOptions options)
{
    internal void WritePosition(Utf8JsonWriter writer, CoordinateSequence sequence, int index)
    {
        writer.WriteStartArray();
        WriteNumber(writer, sequence.GetX(index));
        WriteNumber(writer, sequence.GetY(index));
        if (options.WriteAltitude && sequence.HasZ && !double.IsNaN(sequence.GetZ(index)))
        {
            WriteNumber(writer, sequence.GetZ(index));
        }

        writer.WriteEndArray();
    }

    internal void WriteSequence(Utf8JsonWriter writer, CoordinateSequence sequence, bool reversed = false)
    {
        writer.WriteStartArray();
        for (var i = 0; i < sequence.Count; i++)
        {
            WritePosition(writer, sequence, reversed ? sequence.Count - 1 - i : i);
        }

        writer.WriteEndArray();
    }

    /// <summary>Exterior ring counter-clockwise, holes clockwise (RFC 7946 §3.1.6), without touching the input.</summary>
    internal void WritePolygonRings(Utf8JsonWriter writer, Polygon polygon)
    {
        writer.WriteStartArray();
        if (!polygon.IsEmpty)
        {
            WriteRing(writer, polygon.ExteriorRing.CoordinateSequence, counterClockwise: true);
            foreach (var hole in polygon.InteriorRings)
            {
                WriteRing(writer, hole.CoordinateSequence, counterClockwise: false);
            }
        }

        writer.WriteEndArray();
    }

    private void WriteRing(Utf8JsonWriter writer, CoordinateSequence ring, bool counterClockwise)
    {
        // NTS signs ring area positive for clockwise rings; zero-area rings are left as they are.
        var signedArea = ring.Count >= 3 ? Area.OfRingSigned(ring) : 0;
        var isClockwise = signedArea > 0;
        var isCounterClockwise = signedArea < 0;
        var reverse = counterClockwise ? isClockwise : isCounterClockwise;
        WriteSequence(writer, ring, reverse);
    }

    private void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Cannot write GeoJSON: the geometry has a non-finite coordinate ({value}).");
        }

        var rounded = Math.Round(value, options.Decimals, MidpointRounding.AwayFromZero);

        // Adding zero turns -0 into +0, so tiny negative values do not print as "-0".
        writer.WriteNumberValue(rounded + 0.0);
    }
}
