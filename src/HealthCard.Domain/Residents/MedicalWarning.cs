namespace HealthCard.Domain.Residents;

/// <summary>
/// The twelve medical-warning flags of DF02/EF05 (data elements 43–54, standard §4.1), in card order. On the card each
/// is a b1 byte (D: 0x01 = yes); in the registry a resident carries the set of names that are raised.
/// </summary>
public static class MedicalWarning
{
    public static IReadOnlyList<(string Name, string Zh, int Element)> Flags { get; } =
    [
        ("asthma", "哮喘", 43),
        ("heart_disease", "心脏病", 44),
        ("cardiovascular_disease", "心脑血管病", 45),
        ("epilepsy", "癫痫", 46),
        ("coagulation_disorder", "凝血紊乱", 47),
        ("diabetes", "糖尿病", 48),
        ("glaucoma", "青光眼", 49),
        ("dialysis", "透析", 50),
        ("organ_transplant", "器官移植", 51),
        ("organ_absence", "器官缺失", 52),
        ("removable_prosthesis", "可装卸义肢", 53),
        ("pacemaker", "心脏起搏器", 54),
    ];

    public static bool IsKnown(string name) => Flags.Any(f => f.Name == name);
}
