using System.Collections.Generic;
using System.Threading.Tasks;

namespace Jobs
{
    public class Downloader
    {
        public async Task<string> FetchAsync(string url)
        {
            await Task.Delay(10);
            return Normalize(url);
        }

        public async Task<IReadOnlyList<string>> FetchAllAsync(IEnumerable<string> urls)
        {
            var tasks = new List<Task<string>>();
            foreach (var url in urls)
                tasks.Add(FetchAsync(url));
            return await Task.WhenAll(tasks);
        }

        public Task<int> Run(string url) => Task.Run(() => Measure(url));

        private static string Normalize(string url) => url.Trim().ToLowerInvariant();

        private static int Measure(string url) => url.Length;
    }
}
