using HealthCard.App.Common;
using HealthCard.Domain.Common;

namespace HealthCard.App.Features.Checks;

/// <summary>
/// Online checks and card-use events come from institution clients only: an API key bound to an institution
/// (<see cref="Caller.InstitutionCode"/>, <c>hcard apikey create --institution</c>). Such a client acts for its own
/// institution and its own terminals, never for one it names (issue 14, finding 10). A key without an institution, even
/// an administrator's, is refused: nothing would tell whose terminal a check ran on.
/// </summary>
public static class InstitutionClients
{
    public static Forbidden? Require(Caller caller, Capability capability)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Authorize(capability) is { } denied)
        {
            return denied;
        }
        return caller.InstitutionCode is { Length: > 0 } ? null : new Forbidden("auth.institution_required", new Message(
            "联机校验与用卡记录只接受绑定了机构的接口密钥（hcard apikey create --institution）",
            "Online checks and card-use events are accepted only from an API key bound to an institution (hcard apikey create --institution)"));
    }
}
