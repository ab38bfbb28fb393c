using Data;

namespace Services
{
    public class UserService
    {
        private readonly IRepository _repository;

        public UserService(IRepository repository)
        {
            _repository = repository;
        }

        public string Rename(int id, string name)
        {
            _repository.Save(id, name);
            return _repository.Find(id);
        }
    }
}
