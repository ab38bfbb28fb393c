using System;
using Data;
using Services;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var repo = new MemoryRepository();
            repo.Save(1, "ada");
            var service = new UserService(repo);
            Console.WriteLine(service.Rename(2, "grace"));
            Console.WriteLine(repo.Find(1));
            Console.WriteLine(repo.Find(3));
        }
    }
}
