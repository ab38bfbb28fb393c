<?php

namespace App;

class AccountBook
{
    private array $accounts = [];

    public function add(Account $account): void
    {
        $this->accounts[$account->email()] = $account;
    }

    public function find(string $email): ?Account
    {
        return $this->accounts[$email] ?? null;
    }

    public function avatarFor(string $email): string
    {
        return $this->find($email)?->profile()?->avatarUrl() ?? 'default.png';
    }
}
