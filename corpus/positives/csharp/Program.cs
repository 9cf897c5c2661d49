using Azure.Storage.Blobs;
using OpenAI.Chat;

var builder = WebApplication.CreateBuilder(args);

const string BlobConn = "DefaultEndpointsProtocol=https;AccountName=fabrikamreceipts;AccountKey=QFxDGCbnGDtbPv7AzGH8OCFEcdoSha4o0Ss/dCuCnF7+zgyGFzcp1lcHv7sZMFAMm3MaHd11/EIJjoX7LxsQqw==;EndpointSuffix=core.windows.net";
builder.Services.AddSingleton(new BlobServiceClient(BlobConn));
builder.Services.AddSingleton(new ChatClient(model: "gpt-4o-mini", apiKey: "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"));

var app = builder.Build();

app.MapPost("/receipts/{id}/summarize", async (string id, BlobServiceClient blobs, ChatClient chat) =>
{
    var blob = blobs.GetBlobContainerClient("receipts").GetBlobClient($"{id}.txt");
    var text = (await blob.DownloadContentAsync()).Value.Content.ToString();
    var result = await chat.CompleteChatAsync($"Summarize this receipt:\n{text}");
    return Results.Ok(new { id, summary = result.Value.Content[0].Text });
});

app.Run();
