using System.Globalization;
using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Tests.Query;

/// <summary>
/// The hand-written instant formatter against .NET's own custom format string, which it replaced on the hot path:
/// the wire text of every instant must not change.
/// </summary>
public class Iso8601Tests
{
    private static string Reference(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-04-16T21:00:00.0000000", "2026-04-16T21:00:00Z")]
    [InlineData("2026-04-16T21:00:00.1000000", "2026-04-16T21:00:00.1Z")]
    [InlineData("2026-04-16T21:00:00.0000010", "2026-04-16T21:00:00.000001Z")]
    [InlineData("2024-02-29T23:59:59.9999990", "2024-02-29T23:59:59.999999Z")]
    [InlineData("0987-01-02T03:04:05.0000000", "0987-01-02T03:04:05Z")]
    [InlineData("2026-11-21T07:08:09.1234567", "2026-11-21T07:08:09.123456Z")]
    public void Known_instants_are_written_as_before(string roundTrip, string expected)
    {
        var t = DateTime.ParseExact(roundTrip, "O", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected, Iso8601.Format(t));
        Assert.Equal(Reference(t), Iso8601.Format(t));
    }

    [Fact]
    public void Random_instants_match_the_framework_format()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks);
            // Half of them on whole microseconds with trailing zeros, as PostgreSQL returns them.
            if (i % 2 == 0) ticks -= ticks % (TimeSpan.TicksPerMillisecond * (1 + random.Next(3) * 99));
            var t = new DateTime(ticks, DateTimeKind.Utc);
            Assert.Equal(Reference(t), Iso8601.Format(t));
        }
    }
}
