namespace GeoMonitor.Geo.Crs;

/// <summary>
/// Thrown when an EPSG code is not in the <see cref="CrsRegistry"/>. The message lists the codes
/// that are supported so a caller can pass it straight back to a user.
/// </summary>
public sealed class UnknownCrsException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="epsg"/>.</summary>
    /// <param name="epsg">The code that was asked for.</param>
    /// <param name="supportedDescription">Human-readable list of the supported codes.</param>
    public UnknownCrsException(int epsg, string supportedDescription)
        : base($"EPSG:{epsg} is not a supported coordinate reference system. Supported: {supportedDescription}.")
    {
        Epsg = epsg;
    }

    /// <summary>The EPSG code that was not found.</summary>
    public int Epsg { get; }
}
