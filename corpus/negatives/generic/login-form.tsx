import { useState } from "react";

type Credentials = { username: string; password: string; apiKey?: string };

const messages = {
  password: "Passwort",
  passwordTooShort: "Das Passwort ist zu kurz",
  token: "Token abgelaufen",
};

export function LoginForm({ onSubmit }: { onSubmit: (c: Credentials) => void }) {
  const [password, setPassword] = useState("");
  const passwordInput = document.getElementById("password-input");
  const token = await fetchToken(session.userId);
  const secretRef = props.secretRef;
  const apiKey = process.env.NEXT_PUBLIC_API_KEY;
  if (password === confirmPassword) {
    onSubmit({ username, password, apiKey });
  }
  return <input type="password" name="password" autoComplete="current-password" />;
}
