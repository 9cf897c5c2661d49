printf("%02x:%s\n", code, "ok");
puts("tab\there\u0041 \"quoted\"");
const char *msg = "Hello, " "world";
