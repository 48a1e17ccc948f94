namespace GeoMonitor.Api.Features.Incidents.Events;

/// <summary>What happened to an incident (the payload of NOTIFY geomonitor_incidents, V010__incident_events.sql).</summary>
public enum IncidentAction
{
    /// <summary>A new incident was stored.</summary>
    Reported,
    /// <summary>Its review status changed.</summary>
    Reviewed,
    /// <summary>A new version with the same status (a correction).</summary>
    Corrected,
    /// <summary>
    /// Not an incident change: the listener reconnected after losing its connection, so changes may have been missed
    /// (a cache should drop everything; a subscriber may re-query).
    /// </summary>
    Resynchronize,
}

/// <summary>One committed change of one incident (Id 0 for <see cref="IncidentAction.Resynchronize"/>).</summary>
/// <param name="Id">The incident's id.</param>
/// <param name="Action">What happened.</param>
/// <param name="Status">Its status after the change.</param>
/// <param name="Version">Its version after the change.</param>
public sealed record IncidentEvent(long Id, IncidentAction Action, string Status, int Version);
