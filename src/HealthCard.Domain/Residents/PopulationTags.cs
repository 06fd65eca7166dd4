namespace HealthCard.Domain.Residents;

/// <summary>Target populations a resident belongs to. Stored as bit flags so that statistics can filter cheaply.</summary>
[Flags]
public enum PopulationTags
{
    None = 0,
    Poverty = 1,
    Ncms = 2,
    Newborn = 4,
    OccupationalRisk = 8,
    BloodDonor = 16,
}

/// <summary>The API names of <see cref="PopulationTags"/> (snake_case, as integrators send them).</summary>
public static class PopulationTagNames
{
    private static readonly (PopulationTags Tag, string Name)[] Names =
    [
        (PopulationTags.Poverty, "poverty"),
        (PopulationTags.Ncms, "ncms"),
        (PopulationTags.Newborn, "newborn"),
        (PopulationTags.OccupationalRisk, "occupational_risk"),
        (PopulationTags.BloodDonor, "blood_donor"),
    ];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    /// <summary>Every single tag with its API name, in a fixed order.</summary>
    public static IReadOnlyList<(PopulationTags Tag, string Name)> Each => Names;

    public static bool TryParse(string name, out PopulationTags tag)
    {
        foreach (var (candidate, candidateName) in Names)
        {
            if (candidateName == name)
            {
                tag = candidate;
                return true;
            }
        }
        tag = PopulationTags.None;
        return false;
    }

    public static IReadOnlyList<string> ToNames(PopulationTags tags) =>
        Names.Where(n => tags.HasFlag(n.Tag)).Select(n => n.Name).ToList();
}
