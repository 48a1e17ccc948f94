using System.Diagnostics;
using System.Globalization;

namespace GeoMonitor.Api.Tests.Notifications;

/// <summary>
/// PROJ's geod (Debian proj-bin, installed by scripts/prereqs.sh test) as the referee for distances on the WGS 84
/// ellipsoid: an implementation independent of PostGIS and of the code under test. Positions are placed with the direct
/// problem and distances measured with the inverse one.
/// </summary>
public static class Geod
{
    /// <summary>The point <paramref name="metres"/> from (lat, lon) along <paramref name="azimuth"/> (degrees from north).</summary>
    public static (double Lat, double Lon) Direct(double lat, double lon, double azimuth, double metres)
    {
        var f = Run(["+ellps=WGS84", "-f", "%.9f"], Invariant($"{lat} {lon} {azimuth} {metres}"));
        return (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture));
    }

    /// <summary>The longitude <paramref name="metres"/> due east of (lat, lon) (the geodesic leaves due east; over a few km it stays on the parallel to the millimetre).</summary>
    public static double East(double lat, double lon, double metres) => Direct(lat, lon, 90, metres).Lon;

    /// <summary>The geodesic distance in metres between two points.</summary>
    public static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        var f = Run(["-I", "+ellps=WGS84", "-f", "%.9f", "-F", "%.4f"], Invariant($"{lat1} {lon1} {lat2} {lon2}"));
        return double.Parse(f[2], CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string[] Run(string[] args, string input)
    {
        var psi = new ProcessStartInfo("geod") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("geod did not start (apt-get install proj-bin)");
        p.StandardInput.WriteLine(input);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"geod failed: {p.StandardError.ReadToEnd()}");
        return output.Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
    }
}
