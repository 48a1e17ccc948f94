namespace GeoMonitor.Api.Features.Uploads;

/// <summary>A report after validation and normalization: WGS 84 point, UTC time, canonical ACLED codes.</summary>
public sealed record NewIncident(
    string Source,
    string ExternalId,
    DateTime OccurredAt,
    short TimePrecision,
    double Lon,
    double Lat,
    short GeoPrecision,
    double? UncertaintyM,
    string EventType,
    string SubEventType,
    string? Actor1,
    string? Actor2,
    int Fatalities,
    string? LocationName,
    string? Notes,
    string RawCoordinate,
    string RawCrs)
{
    // Stored points are float8 and normalized the same way each time; a centimetre covers any textual round trip.
    private const double PointTolerance = 1e-7;

    /// <summary>
    /// Whether <paramref name="other"/> is the same report, comparing the normalized fields (not how the location
    /// was written): a retry of an upload in another notation is the same report.
    /// </summary>
    public bool SameReportAs(NewIncident other) =>
        Source == other.Source && ExternalId == other.ExternalId && OccurredAt == other.OccurredAt
        && TimePrecision == other.TimePrecision && Math.Abs(Lon - other.Lon) <= PointTolerance
        && Math.Abs(Lat - other.Lat) <= PointTolerance && GeoPrecision == other.GeoPrecision
        && UncertaintyM == other.UncertaintyM && EventType == other.EventType && SubEventType == other.SubEventType
        && Actor1 == other.Actor1 && Actor2 == other.Actor2 && Fatalities == other.Fatalities
        && LocationName == other.LocationName && Notes == other.Notes;

    /// <summary>The names of the normalized fields that differ from <paramref name="other"/>.</summary>
    public IReadOnlyList<string> DifferencesFrom(NewIncident other)
    {
        var d = new List<string>();
        if (OccurredAt != other.OccurredAt) d.Add(IncidentFields.OccurredAt);
        if (TimePrecision != other.TimePrecision) d.Add(IncidentFields.TimePrecision);
        if (Math.Abs(Lon - other.Lon) > PointTolerance || Math.Abs(Lat - other.Lat) > PointTolerance) d.Add(IncidentFields.Location);
        if (GeoPrecision != other.GeoPrecision) d.Add(IncidentFields.GeoPrecision);
        if (UncertaintyM != other.UncertaintyM) d.Add(IncidentFields.UncertaintyM);
        if (EventType != other.EventType) d.Add(IncidentFields.EventType);
        if (SubEventType != other.SubEventType) d.Add(IncidentFields.SubEventType);
        if (Actor1 != other.Actor1) d.Add(IncidentFields.Actor1);
        if (Actor2 != other.Actor2) d.Add(IncidentFields.Actor2);
        if (Fatalities != other.Fatalities) d.Add(IncidentFields.Fatalities);
        if (LocationName != other.LocationName) d.Add(IncidentFields.LocationName);
        if (Notes != other.Notes) d.Add(IncidentFields.Notes);
        return d;
    }
}
