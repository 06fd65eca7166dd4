using HealthCard.App.Common;
using HealthCard.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace HealthCard.Web.Console;

/// <summary>
/// A console page: it acts as the signed-in account, through the same <see cref="Caller"/> the API would build, so the
/// use cases scope and audit it exactly as they do an API key.
/// </summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected async Task<Caller> CallerAsync() => (await AuthenticationState).User.ToStaffCaller();
}
