using HealthCard.Domain.Common;
using MudBlazor;

namespace HealthCard.Web.Console.Shared;

/// <summary>Opens an <see cref="OperationDialog"/> and answers whether the operation ran.</summary>
public static class Operations
{
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, Func<string?, Task<Error?>> operation,
        string? message = null, IReadOnlyList<(string Label, string Value)>? facts = null, bool askReason = true, string reasonField = "reason",
        Color confirmColor = Color.Primary, string? confirmText = null, string? reasonLabel = null)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<OperationDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.Facts, facts },
            { d => d.AskReason, askReason },
            { d => d.ReasonField, reasonField },
            { d => d.ReasonLabel, reasonLabel },
            { d => d.ConfirmColor, confirmColor },
            { d => d.ConfirmText, confirmText },
            { d => d.Operation, operation },
        };
        var dialog = await dialogs.ShowAsync<OperationDialog>(title, parameters, Options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    /// <summary>Opens a form dialog and answers the value it closed with, or default when cancelled.</summary>
    public static async Task<T?> FormAsync<TDialog, T>(this IDialogService dialogs, string title, DialogParameters<TDialog>? parameters = null,
        MaxWidth width = MaxWidth.Small) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters ?? [], new DialogOptions
        {
            MaxWidth = width, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false,
        });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: T value } ? value : default;
    }

    /// <summary>The refusal a page gives when the caller lacks the scope and the use case does not check it itself.</summary>
    public static Error Forbidden(string text) => new Conflict("console.forbidden", new Message(text, text));

    public static DialogOptions Options { get; } = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
}
