using System.Globalization;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>A feature <c>id</c>: RFC 7946 allows either a string or a number.</summary>
public readonly record struct GeoJsonFeatureId
{
    private GeoJsonFeatureId(string text, bool isNumber)
    {
        Text = text;
        IsNumber = isNumber;
    }

    /// <summary>The string value, or the number as JSON text (e.g. <c>42</c> or <c>1.5</c>).</summary>
    public string Text { get; }

    /// <summary>True when the id is written as a JSON number.</summary>
    public bool IsNumber { get; }

    /// <summary>A string id.</summary>
    /// <param name="value">The id.</param>
    /// <returns>The id.</returns>
    public static GeoJsonFeatureId FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new GeoJsonFeatureId(value, isNumber: false);
    }

    /// <summary>An integer id.</summary>
    /// <param name="value">The id.</param>
    /// <returns>The id.</returns>
    public static GeoJsonFeatureId FromNumber(long value) =>
        new(value.ToString(CultureInfo.InvariantCulture), isNumber: true);

    /// <summary>A numeric id.</summary>
    /// <param name="value">The id; must be finite.</param>
    /// <returns>The id.</returns>
    public static GeoJsonFeatureId FromNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A feature id must be a finite number.");
        }

        return new GeoJsonFeatureId(value.ToString("R", CultureInfo.InvariantCulture), isNumber: true);
    }

    /// <summary>Keeps a number id exactly as it was written, so large integers survive a round trip.</summary>
    internal static GeoJsonFeatureId FromJsonNumberText(string rawNumber) => new(rawNumber, isNumber: true);

    /// <inheritdoc />
    public override string ToString() => Text;
}
