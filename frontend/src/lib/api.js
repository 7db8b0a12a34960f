import axios from 'axios';
import { getToken } from './auth';

// Same origin by default: the backend serves this app, and Vite's dev server proxies /api to it.
const api = axios.create({ baseURL: import.meta.env.VITE_API_URL ?? '' });

// Read the token per request, so signing in or opening a deep link takes effect without a reload.
api.interceptors.request.use((config) => {
  const token = getToken();
  if (token) config.headers.Authorization = `Bearer ${token}`;
  return config;
});

// RFC 7807 problem details carry the human-readable reason in `detail` or `title`.
export function errorMessage(error, fallback = 'Something went wrong') {
  const data = error?.response?.data;
  return data?.detail || data?.title || error?.message || fallback;
}

export default api;
