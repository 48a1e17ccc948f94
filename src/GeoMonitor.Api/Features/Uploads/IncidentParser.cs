using GeoMonitor.Api.Features.Common;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// Validates and normalizes the fields of one report (from JSON, a GeoJSON Feature or a CSV row) into a
/// <see cref="NewIncident"/>, collecting every problem rather than stopping at the first.
/// </summary>
public sealed partial class IncidentParser(UploadOptions options, AcledCodes codes, TimeProvider clock)
{
    private const int MaxIdLength = 200, MaxTextLength = 1000, MaxNotesLength = 20_000;

    /// <summary>The upload limits and region this parser checks against.</summary>
    public UploadOptions Options => options;

    /// <summary>Parses one report; returns null (with errors added) when anything is wrong.</summary>
    /// <param name="f">The fields by canonical name.</param>
    /// <param name="errors">Where problems are added.</param>
    /// <param name="row">The row number in a batch, or null.</param>
    /// <param name="point">A location already given as a GeoJSON Point geometry (lon, lat, raw text), if any.</param>
    public NewIncident? Parse(IReadOnlyDictionary<string, RawValue> f, List<FieldError> errors, int? row, ResolvedLocation? point = null)
    {
        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new FieldError(row, field, message));

        var source = Id(f, IncidentFields.Source, errors, row);
        var externalId = Id(f, IncidentFields.ExternalId, errors, row);
        var occurredAt = Time(f, errors, row);
        var timePrecision = Precision(f, IncidentFields.TimePrecision, errors, row);
        var geoPrecision = Precision(f, IncidentFields.GeoPrecision, errors, row);
        var eventTypeText = Text(f, IncidentFields.EventType, errors, row, MaxTextLength, required: true);
        var subText = Text(f, IncidentFields.SubEventType, errors, row, MaxTextLength, required: true);
        string? eventType = null, subEventType = null;
        if (eventTypeText is not null)
        {
            eventType = codes.EventType(eventTypeText, out var e);
            if (e is not null) Error(IncidentFields.EventType, e);
            else if (subText is not null)
            {
                subEventType = codes.SubEventType(eventType!, subText, out e);
                if (e is not null) Error(IncidentFields.SubEventType, e);
            }
        }
        var actor1 = Text(f, IncidentFields.Actor1, errors, row, MaxTextLength);
        var actor2 = Text(f, IncidentFields.Actor2, errors, row, MaxTextLength);
        var locationName = Text(f, IncidentFields.LocationName, errors, row, MaxTextLength);
        var notes = Text(f, IncidentFields.Notes, errors, row, MaxNotesLength);

        var fatalities = 0;
        if (f.TryGetValue(IncidentFields.Fatalities, out var fv) && !fv.IsEmpty)
        {
            if (!fv.TryInt(out fatalities, out var e)) Error(IncidentFields.Fatalities, e!);
            else if (fatalities < 0) Error(IncidentFields.Fatalities, $"{fatalities} is negative; fatalities count from 0 (0 when unknown)");
        }
        double? uncertainty = null;
        if (f.TryGetValue(IncidentFields.UncertaintyM, out var uv) && !uv.IsEmpty)
        {
            if (!uv.TryDouble(out var u, out var e)) Error(IncidentFields.UncertaintyM, e!);
            else if (u < 0 || u > 1_000_000) Error(IncidentFields.UncertaintyM, "must be between 0 and 1,000,000 metres");
            else uncertainty = u;
        }

        ResolvedLocation? location;
        if (point is not null)
        {
            foreach (var name in IncidentFields.LocationFields)
                if (f.TryGetValue(name, out var v) && !v.IsEmpty)
                    Error(name, "the Feature's geometry already gives the location; leave the location properties out or send geometry null");
            location = LocationResolver.InRegion(point, options, errors, row) ? point : null;
        }
        else location = LocationResolver.Resolve(f, options, errors, row);

        if (errors.Count > before) return null;
        return new NewIncident(source!, externalId!, occurredAt!.Value, timePrecision ?? 1, location!.Lon, location.Lat,
            geoPrecision ?? 1, uncertainty, eventType!, subEventType!, actor1, actor2, fatalities, locationName, notes,
            location.Raw, location.RawCrs);
    }

    private static string? Id(IReadOnlyDictionary<string, RawValue> f, string field, List<FieldError> errors, int? row)
    {
        var s = Text(f, field, errors, row, MaxIdLength, required: true);
        if (s is not null && s.Trim().Length != s.Length)
        {
            errors.Add(new FieldError(row, field, "must not start or end with spaces (it is part of the idempotency key)"));
            return null;
        }
        return s;
    }

    /// <summary>Reads optional (or required) text. Empty means absent. Text is kept exactly as sent.</summary>
    internal static string? Text(IReadOnlyDictionary<string, RawValue> f, string field, List<FieldError> errors, int? row, int maxLength, bool required = false)
    {
        if (!f.TryGetValue(field, out var v) || v.IsEmpty)
        {
            if (required) errors.Add(new FieldError(row, field, "is required"));
            return null;
        }
        if (!v.TryString(out var s, out var error)) { errors.Add(new FieldError(row, field, error!)); return null; }
        if (s.Length == 0)
        {
            if (required) errors.Add(new FieldError(row, field, "is required"));
            return null;
        }
        if (s.Length > maxLength) { errors.Add(new FieldError(row, field, $"is longer than {maxLength} characters")); return null; }
        if (Unstorable(s) is { } why) { errors.Add(new FieldError(row, field, why)); return null; }
        return s;
    }

    /// <summary>Why a string cannot be stored as PostgreSQL text (NUL, unpaired surrogates), or null.</summary>
    internal static string? Unstorable(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0') return "contains a NUL character";
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return "contains an unpaired UTF-16 surrogate";
        }
        return null;
    }

    private static short? Precision(IReadOnlyDictionary<string, RawValue> f, string field, List<FieldError> errors, int? row)
    {
        if (!f.TryGetValue(field, out var v) || v.IsEmpty) return null;
        if (!v.TryInt(out var p, out var e)) { errors.Add(new FieldError(row, field, e!)); return null; }
        if (p is < 1 or > 3) { errors.Add(new FieldError(row, field, $"{p} is not 1, 2 or 3 (ACLED precision codes)")); return null; }
        return (short)p;
    }

    private DateTime? Time(IReadOnlyDictionary<string, RawValue> f, List<FieldError> errors, int? row)
    {
        var s = Text(f, IncidentFields.OccurredAt, errors, row, 64, required: true);
        if (s is null) return null;
        var t = ParseTime(s, out var error);
        if (t is null) { errors.Add(new FieldError(row, IncidentFields.OccurredAt, error!)); return null; }
        var limit = clock.GetUtcNow().UtcDateTime + options.FutureTolerance;
        if (t > limit)
        {
            errors.Add(new FieldError(row, IncidentFields.OccurredAt,
                $"{t:yyyy-MM-dd'T'HH:mm:ss'Z'} is in the future (more than {options.FutureTolerance.TotalMinutes:0} minutes after the server's clock)"));
            return null;
        }
        if (t < new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc))
        {
            errors.Add(new FieldError(row, IncidentFields.OccurredAt, $"{s} is before 1900"));
            return null;
        }
        return t;
    }

    /// <summary>
    /// Parses an ISO 8601 instant: a date (taken as 00:00 UTC) or a date and time with an offset (Z or ±hh:mm).
    /// A time without an offset is refused: the same text means different instants in Beirut and in UTC.
    /// The result is UTC, truncated to microseconds (the precision of timestamptz).
    /// </summary>
    public static DateTime? ParseTime(string s, out string? error)
    {
        error = null;
        s = s.Trim();
        if (DatePattern().IsMatch(s)
            && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d))
            return d;
        if (!InstantPattern().IsMatch(s))
        {
            error = InstantWithoutOffset().IsMatch(s)
                ? $"'{s}' has no UTC offset; add Z or the offset, e.g. {s}Z or {s}+02:00"
                : $"'{s}' is not an ISO 8601 date (2024-11-27) or instant with offset (2024-11-27T06:30:00+02:00)";
            return null;
        }
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            error = $"'{s}' is not a valid date and time";
            return null;
        }
        var utc = dto.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex InstantPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$")]
    private static partial Regex InstantWithoutOffset();
}
