using GeoMonitor.Api.Features.Common;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>The answer to a batch upload.</summary>
/// <param name="Received">Data rows in the upload.</param>
/// <param name="Created">Rows stored as new incidents.</param>
/// <param name="Unchanged">Rows identical to an incident already stored (or to an earlier row of the batch).</param>
/// <param name="Rejected">Rows refused (only with ?partial=true; otherwise any refusal is a 422 and nothing is stored).</param>
/// <param name="Items">Per stored or unchanged row: its row number, incident id and result.</param>
/// <param name="Errors">Per refused row: row, field and message.</param>
public sealed record BatchResult(int Received, int Created, int Unchanged, int Rejected, IReadOnlyList<BatchItem> Items, IReadOnlyList<FieldError> Errors);

/// <summary>What became of one row.</summary>
/// <param name="Row">Data row, from 1.</param>
/// <param name="Id">The incident id.</param>
/// <param name="Result"><c>created</c> or <c>unchanged</c>.</param>
public sealed record BatchItem(int Row, long Id, string Result);

/// <summary>A row that parsed: its number, its CSV line (if any), the normalized report.</summary>
public sealed record BatchRow(int Row, long? Line, NewIncident Incident);
