#pragma once

int run_a(int x);
int run_b(int x);
