using HealthCard.App.Common;
using HealthCard.Domain.Common;
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

    [Inject]
    private MudBlazor.ISnackbar Snackbar { get; set; } = default!;

    protected async Task<Caller> CallerAsync() => (await AuthenticationState).User.ToStaffCaller();

    /// <summary>
    /// A list's rows: the use case's page, or an empty page and the refusal shown to the user when the use case refused
    /// the caller (the page's own policy normally hides what the account may not use; the use case decides).
    /// </summary>
    protected Paged<T> Rows<T>(Result<Paged<T>> result, PageRequest request)
    {
        if (result.IsSuccess)
        {
            return result.Value;
        }
        Snackbar.Add(Display.Text(result.Error!.Message), MudBlazor.Severity.Error);
        return Paged<T>.Empty(request);
    }
}
