using Eucaim.Core.Contracts;
using Eucaim.Core.Data;
using Eucaim.Core.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Eucaim.Core.Federation;

/// <summary>
/// A federated node's true counts for a <see cref="CountQuery"/>, from its own DICOM index: for each asked
/// dataset that the node holds, published, the distinct subjects, studies and series of its latest
/// published version whose series match modality, body part (case-insensitive) and manufacturer
/// (case-insensitive prefix), whose patient matches sex, and whose age in whole years at the study date
/// lies within the age bounds. A subject counts when one of its series matches. Datasets the node does
/// not hold are left out. One parameterised statement for all datasets.
/// </summary>
public sealed class CountLocalIndex(EucaimDbContext db)
{
    /// <summary>Datasets per query: a hub query names a handful; many more is not a question the index should answer at once.</summary>
    public const int MaxDatasets = 500;

    private const string Sql = """
        WITH latest AS (
            SELECT v.dataset_id, max(v.number) AS version_number
            FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id
            WHERE v.dataset_id = ANY(@datasets) AND v.status = 'published' AND d.state = 'published'
            GROUP BY v.dataset_id),
        matching AS (
            SELECT se.dataset_id, st.patient_id, se.study_instance_uid, se.series_instance_uid
            FROM latest l
            JOIN dicom_series se ON se.dataset_id = l.dataset_id AND se.version_number = l.version_number
            JOIN dicom_studies st ON st.dataset_id = se.dataset_id AND st.version_number = se.version_number AND st.study_instance_uid = se.study_instance_uid
            JOIN dicom_patients p ON p.dataset_id = st.dataset_id AND p.version_number = st.version_number AND p.patient_id = st.patient_id
            WHERE (@modality IS NULL OR upper(se.modality) = @modality)
              AND (@body_part IS NULL OR upper(se.body_part_examined) = @body_part)
              AND (@manufacturer IS NULL OR starts_with(upper(se.manufacturer), @manufacturer))
              AND (@sex IS NULL OR upper(p.sex) = @sex)
              AND (@age_min IS NULL OR extract(year FROM age(st.study_date, p.birth_date)) >= @age_min)
              AND (@age_max IS NULL OR extract(year FROM age(st.study_date, p.birth_date)) <= @age_max))
        SELECT l.dataset_id, count(DISTINCT m.patient_id)::int, count(DISTINCT m.study_instance_uid)::int, count(DISTINCT m.series_instance_uid)::int
        FROM latest l LEFT JOIN matching m ON m.dataset_id = l.dataset_id
        GROUP BY l.dataset_id
        ORDER BY l.dataset_id
        """;

    public async Task<Outcome<IReadOnlyList<LocalCounts>>> RunAsync(IReadOnlyList<Guid> datasets, CountFilters filters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(filters);
        if (Check(datasets, filters) is { } problem)
        {
            return problem;
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            command.Parameters.Add(new NpgsqlParameter("datasets", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = datasets.Distinct().ToArray() });
            command.Parameters.Add(Text("modality", filters.Modality));
            command.Parameters.Add(Text("body_part", filters.BodyPart));
            command.Parameters.Add(Text("manufacturer", filters.Manufacturer));
            command.Parameters.Add(Text("sex", filters.Sex));
            command.Parameters.Add(Integer("age_min", filters.AgeMin));
            command.Parameters.Add(Integer("age_max", filters.AgeMax));
            var counts = new List<LocalCounts>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add(new LocalCounts(reader.GetGuid(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3)));
            }

            return counts;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The filters a query may carry: a refusal names the field.</summary>
    public static Problem? Check(IReadOnlyList<Guid> datasets, CountFilters filters)
    {
        var errors = new Dictionary<string, string[]>();
        if (datasets.Count is 0 or > MaxDatasets)
        {
            errors["datasets"] = [$"Between 1 and {MaxDatasets} datasets."];
        }

        if (Normalised(filters.Sex) is { } sex && sex is not ("F" or "M" or "O"))
        {
            errors["filters.sex"] = ["F, M or O (DICOM Patient's Sex)."];
        }

        if (filters.AgeMin is < 0 or > 150)
        {
            errors["filters.ageMin"] = ["Between 0 and 150 years."];
        }

        if (filters.AgeMax is < 0 or > 150)
        {
            errors["filters.ageMax"] = ["Between 0 and 150 years."];
        }

        if (filters.AgeMin > filters.AgeMax)
        {
            errors["filters.ageMax"] = ["At least ageMin."];
        }

        foreach (var (field, value) in new[] { ("filters.modality", filters.Modality), ("filters.bodyPart", filters.BodyPart), ("filters.manufacturer", filters.Manufacturer) })
        {
            if (value is { Length: > 64 })
            {
                errors[field] = ["At most 64 characters (a DICOM LO or CS value)."];
            }
        }

        return errors.Count == 0 ? null : Problem.Invalid(errors, "The count query is not valid.");
    }

    /// <summary>Filters compare trimmed and upper-cased, as <see cref="CountRelease.Question"/> writes them; blank means absent.</summary>
    private static string? Normalised(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToUpperInvariant();

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)Normalised(value) ?? DBNull.Value };

    private static NpgsqlParameter Integer(string name, int? value) =>
        new(name, NpgsqlDbType.Integer) { Value = (object?)value ?? DBNull.Value };
}
